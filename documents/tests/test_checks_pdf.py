from __future__ import annotations

import base64
import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from documents.checks import MAX_PDF_STREAM_BYTES, CheckedFile, UploadRefused, check_upload
from documents.tests import crafted

MB = 1024 * 1024
SCRIPT = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
PAST_THE_BOUND = MAX_PDF_STREAM_BYTES + 16 * MB


def check(data: bytes) -> CheckedFile:
    return check_upload(SimpleUploadedFile("to-khai.pdf", data), accepted=["pdf"])


class PdfStreamChecksTestCase(SimpleTestCase):
    def assertRefused(self, data: bytes, code: str, message: str) -> None:
        with self.assertRaisesMessage(UploadRefused, message) as refused:
            check(data)
        self.assertEqual(refused.exception.code, code)

    def test_a_stream_inflating_past_the_bound_is_refused_in_bounded_memory(self) -> None:
        data = crafted.pdf_with_stream(crafted.zlib_of_zeros(PAST_THE_BOUND), ["/FlateDecode"])
        self.assertLess(len(data), 1 * MB)
        code, peak = crafted.refusal_and_peak_memory(lambda: check(data))
        self.assertEqual(code, "upload.pdf_stream_too_large")
        self.assertLess(peak, 50 * MB)

    def test_a_stream_too_large_is_refused_with_a_message(self) -> None:
        self.assertRefused(
            crafted.pdf_with_stream(crafted.zlib_of_zeros(PAST_THE_BOUND), ["/FlateDecode"]),
            "upload.pdf_stream_too_large",
            "bom giải nén",
        )

    def test_a_bomb_behind_an_ascii85_layer_is_refused(self) -> None:
        wrapped = base64.a85encode(crafted.zlib_of_zeros(PAST_THE_BOUND)) + b"~>"
        self.assertRefused(
            crafted.pdf_with_stream(wrapped, ["/ASCII85Decode", "/FlateDecode"]),
            "upload.pdf_stream_too_large",
            "bom giải nén",
        )

    def test_a_bomb_inside_a_bomb_is_refused(self) -> None:
        inner = crafted.zlib_of_zeros(PAST_THE_BOUND)  # itself deflated again, in the stream
        self.assertRefused(
            crafted.pdf_with_stream(crafted.zlib_compress(inner), ["/FlateDecode", "/FlateDecode"]),
            "upload.pdf_stream_too_large",
            "bom giải nén",
        )

    def test_a_large_stream_within_the_bound_is_kept(self) -> None:
        data = crafted.pdf_with_stream(crafted.zlib_of_zeros(32 * MB), ["/FlateDecode"])
        self.assertEqual(check(data).kind, "pdf")


class MalformedPdfTestCase(SimpleTestCase):
    def test_names_that_are_an_integer_are_left_and_the_rest_cleaned(self) -> None:
        checked = check(crafted.pdf_with(Names=5, OpenAction=SCRIPT))
        pdf = pikepdf.open(io.BytesIO(checked.content))
        self.assertNotIn("/OpenAction", pdf.Root)

    def test_names_that_are_an_array_are_left(self) -> None:
        checked = check(crafted.pdf_with(Names=pikepdf.Array([1, pikepdf.Name.JavaScript])))
        self.assertEqual(checked.kind, "pdf")

    def test_an_acroform_that_is_an_array_is_left(self) -> None:
        checked = check(crafted.pdf_with(AcroForm=pikepdf.Array([pikepdf.Name.XFA, 1])))
        self.assertEqual(checked.kind, "pdf")

    def test_annotations_that_are_not_dictionaries_are_skipped(self) -> None:
        launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
        link = pikepdf.Dictionary(Subtype=pikepdf.Name.Link, A=launch)
        checked = check(crafted.pdf_with_annotations(pikepdf.Array([7, pikepdf.Name.X, link])))
        pdf = pikepdf.open(io.BytesIO(checked.content))
        self.assertNotIn("/A", pdf.pages[0].obj.Annots[2])

    def test_annotations_that_are_not_an_array_are_left(self) -> None:
        checked = check(crafted.pdf_with_annotations(pikepdf.Dictionary(A=SCRIPT)))  # type: ignore[arg-type]
        self.assertEqual(checked.kind, "pdf")
