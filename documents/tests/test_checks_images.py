from __future__ import annotations

import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from PIL import Image

from documents.checks import CheckedFile, UploadRefused, check_upload
from documents.tests import crafted
from documents.tests.crafted import TiffPage

SCANS = ["pdf", "jpg", "png", "tif"]
BOUND = 50 * 1024 * 1024  # what a refused bomb may cost; opening one costs gigabytes


def check(data: bytes, name: str) -> CheckedFile:
    return check_upload(SimpleUploadedFile(name, data), accepted=SCANS)


class ImageChecksTestCase(SimpleTestCase):
    def assertRefused(self, data: bytes, name: str, code: str, message: str) -> None:
        with self.assertRaisesMessage(UploadRefused, message) as refused:
            check(data, name)
        self.assertEqual(refused.exception.code, code)

    def test_an_animated_png_is_refused_from_its_chunks_in_bounded_memory(self) -> None:
        data = crafted.animated_png(frames=12, width=4000, height=4000)  # 561 KB, 576 MB in RGB
        code, peak = crafted.refusal_and_peak_memory(lambda: check(data, "dong.png"))
        self.assertEqual(code, "upload.animated_image")
        self.assertLess(peak, BOUND)

    def test_an_animated_png_is_refused_with_a_message(self) -> None:
        self.assertRefused(
            crafted.animated_png(frames=2, width=10, height=10),
            "dong.png",
            "upload.animated_image",
            "Ảnh PNG động",
        )

    def test_tiff_pages_over_the_total_budget_are_refused_in_bounded_memory(self) -> None:
        # 50 KB: twenty deflated pages of 49 million pixels each, about 3 GB once decoded.
        data = crafted.tiff([TiffPage(7000, 7000)] * 20)
        code, peak = crafted.refusal_and_peak_memory(lambda: check(data, "scan.tif"))
        self.assertEqual(code, "upload.image_too_large")
        self.assertLess(peak, BOUND)

    def test_a_huge_later_tiff_page_is_refused_in_bounded_memory(self) -> None:
        data = crafted.tiff([TiffPage(100, 100), TiffPage(60_000, 60_000)])
        code, peak = crafted.refusal_and_peak_memory(lambda: check(data, "scan.tif"))
        self.assertEqual(code, "upload.image_too_large")
        self.assertLess(peak, BOUND)

    def test_a_huge_tiff_page_is_named_by_its_size(self) -> None:
        self.assertRefused(
            crafted.tiff([TiffPage(100, 100), TiffPage(60_000, 60_000)]),
            "scan.tif",
            "upload.image_too_large",
            "60000×60000",
        )

    def test_a_multi_page_tiff_scan_becomes_one_pdf_page_per_page(self) -> None:
        out = io.BytesIO()
        first, *others = [Image.new("L", (300, 400), shade) for shade in (0, 128, 255)]
        first.save(out, "TIFF", save_all=True, append_images=others)
        checked = check(out.getvalue(), "scan.tif")
        self.assertEqual((checked.kind, checked.original_kind), ("pdf", "tif"))
        self.assertEqual(len(pikepdf.open(io.BytesIO(checked.content)).pages), 3)

    def test_a_deflated_tiff_within_the_budget_is_converted(self) -> None:
        checked = check(crafted.tiff([TiffPage(500, 700)] * 2), "scan.tif")
        self.assertEqual(len(pikepdf.open(io.BytesIO(checked.content)).pages), 2)

    def test_a_tiff_page_without_dimensions_is_refused(self) -> None:
        self.assertRefused(
            crafted.tiff([TiffPage(100, 100), TiffPage(100, 100, dimensions=False)]),
            "scan.tif",
            "upload.malformed",
            "trang 2 không ghi kích thước",
        )

    def test_a_tiff_whose_pages_loop_is_refused(self) -> None:
        data = bytearray(crafted.tiff([TiffPage(10, 10)]))
        next_ifd = 8 + 2 + 12 * 9
        data[next_ifd : next_ifd + 4] = (8).to_bytes(4, "little")  # points back at itself
        self.assertRefused(bytes(data), "scan.tif", "upload.malformed", "Ảnh TIFF bị hỏng")

    def test_what_pillow_cannot_decode_unforeseen_is_refused_as_unreadable(self) -> None:
        # An unknown compression on a later page makes Pillow raise KeyError while seeking.
        data = crafted.tiff([TiffPage(10, 10), TiffPage(10, 10, compression=10825)])
        with self.assertLogs("documents.checks", "ERROR"):
            self.assertRefused(data, "scan.tif", "upload.unreadable", "Không đọc được tệp")
