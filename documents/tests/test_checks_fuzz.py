from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from documents import testing as samples
from documents.checks import CheckedFile, UploadRefused, check_upload
from documents.tests import crafted
from documents.tests.crafted import TiffPage


def _tiff() -> bytes:
    out = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), (9, 99, 199)), Image.new("L", (20, 10), 80)
    first.save(out, "TIFF", save_all=True, append_images=[second])
    return out.getvalue()


SEEDS = {
    "a.pdf": samples.pdf_with_javascript(),
    "a.png": samples.image_bytes("PNG", (40, 30)),
    "a.jpg": samples.image_bytes("JPEG", (40, 30)),
    "a.tif": _tiff(),
    "b.tif": crafted.tiff([TiffPage(64, 48), TiffPage(32, 16)]),
    "a.docx": crafted.docx(),
    "a.xml": '<?xml version="1.0"?><to-khai so="1"><ho-ten>Lê Thị Hoa</ho-ten></to-khai>'.encode(),
}
EVERYTHING = ["pdf", "jpg", "png", "tif", "docx", "xlsx", "xml"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data) - 1))
        operation = draw(st.sampled_from(["flip", "truncate", "insert", "byte"]))
        if operation == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif operation == "byte":
            data[position] = draw(st.sampled_from([0x00, 0x7F, 0x80, 0xFF]))
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif position > 8:
            del data[position:]
    return name, bytes(data)


class FuzzedUploadsTestCase(SimpleTestCase):
    @settings(
        max_examples=200,
        deadline=None,
        database=None,  # nothing written to the working tree
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(mutated())
    def test_a_damaged_file_is_kept_or_refused_never_an_error(
        self, case: tuple[str, bytes]
    ) -> None:
        name, data = case
        try:
            result = check_upload(SimpleUploadedFile(name, data), accepted=EVERYTHING)
        except UploadRefused as refused:
            self.assertTrue(refused.code.startswith("upload."))
        else:
            self.assertIsInstance(result, CheckedFile)
