from __future__ import annotations

import io
from unittest import mock

import segno
from django.test import SimpleTestCase
from PIL import Image, ImageDraw

from identity import scan
from identity.scan import ScanError, read_qr_text

QR_TEXT = (
    "001090000019|012345678|Nguyễn Văn An|01011990|Nam|"
    "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội|15082021"
)


def qr_image(text: str = QR_TEXT, scale: int = 4) -> Image.Image:
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def card_photo(qr: Image.Image) -> Image.Image:
    """A grey card on a darker table, with the QR in its top-right corner."""
    photo = Image.new("RGB", (1200, 800), (90, 80, 70))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((100, 100, 1100, 700), fill=(225, 230, 235))
    draw.text((150, 150), "CĂN CƯỚC CÔNG DÂN", fill=(30, 30, 120))
    photo.paste(qr, (1080 - qr.width, 120))
    return photo


def encode(image: Image.Image, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


class ReadQrTextTestCase(SimpleTestCase):
    def test_it_reads_a_generated_qr_code(self) -> None:
        self.assertEqual(read_qr_text(encode(qr_image())), QR_TEXT)

    def test_it_reads_an_open_file(self) -> None:
        self.assertEqual(read_qr_text(io.BytesIO(encode(qr_image()))), QR_TEXT)

    def test_it_reads_a_qr_code_on_a_photo_of_a_card(self) -> None:
        self.assertEqual(read_qr_text(encode(card_photo(qr_image()), "JPEG")), QR_TEXT)

    def test_it_reads_a_rotated_and_scaled_qr_code(self) -> None:
        qr = qr_image(scale=3)
        turned = qr.rotate(
            23, expand=True, fillcolor=(255, 255, 255), resample=Image.Resampling.BICUBIC
        )
        turned = turned.resize((int(turned.width * 1.7), int(turned.height * 1.7)))
        self.assertEqual(read_qr_text(encode(card_photo(turned).rotate(90, expand=True))), QR_TEXT)

    def test_it_reads_a_qr_code_in_a_palette_image(self) -> None:
        self.assertEqual(read_qr_text(encode(qr_image().convert("P"))), QR_TEXT)

    def test_it_says_when_there_is_no_qr_code(self) -> None:
        with self.assertRaisesMessage(ScanError, "Không tìm thấy mã QR trong ảnh"):
            read_qr_text(encode(card_photo(Image.new("RGB", (200, 200), "white")), "JPEG"))

    def test_it_refuses_a_file_that_is_not_an_image(self) -> None:
        with self.assertRaisesMessage(ScanError, "không phải là ảnh"):
            read_qr_text(b"%PDF-1.7 not an image")

    def test_it_refuses_an_image_cut_off_in_its_header(self) -> None:
        # Cut further on, a JPEG may still open: WeasyPrint turns on Pillow's process-wide
        # LOAD_TRUNCATED_IMAGES, and the missing part then simply holds no QR code.
        data = encode(card_photo(qr_image()), "JPEG")
        with self.assertRaisesMessage(ScanError, "ảnh bị hỏng"):
            read_qr_text(data[:40])

    def test_it_refuses_an_image_above_the_pixel_limit_before_decoding_it(self) -> None:
        data = encode(Image.new("L", (400, 300), 255))
        with (
            mock.patch.object(scan, "MAX_PIXELS", 100_000),
            mock.patch.object(Image.Image, "convert") as convert,
        ):
            with self.assertRaisesMessage(ScanError, "Ảnh quá lớn (400×300 điểm ảnh)"):
                read_qr_text(data)
        convert.assert_not_called()

    def test_it_refuses_a_decompression_bomb(self) -> None:
        data = encode(Image.new("L", (400, 300), 255))
        with mock.patch.object(Image, "MAX_IMAGE_PIXELS", 50_000):
            with self.assertRaisesMessage(ScanError, "Ảnh quá lớn để mở an toàn."):
                read_qr_text(data)

    def test_it_refuses_a_pillow_warning_size_image(self) -> None:
        # Between MAX_IMAGE_PIXELS and twice that, Pillow only warns: it is refused all the same.
        data = encode(Image.new("L", (400, 300), 255))
        with mock.patch.object(Image, "MAX_IMAGE_PIXELS", 100_000):
            with self.assertRaisesMessage(ScanError, "Ảnh quá lớn để mở an toàn."):
                read_qr_text(data)
