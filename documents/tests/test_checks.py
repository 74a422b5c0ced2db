from __future__ import annotations

import io
import tracemalloc

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from documents import testing as samples
from documents.checks import UploadRefused, check_upload

PDF_ONLY = ["pdf"]
SCANS = ["pdf", "jpg", "png"]


def upload(data: bytes, name: str = "tep.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


class UploadChecksTestCase(SimpleTestCase):
    def test_a_clean_pdf_is_kept(self) -> None:
        checked = check_upload(upload(samples.pdf_bytes()), accepted=PDF_ONLY)
        self.assertEqual(checked.kind, "pdf")
        self.assertEqual(len(pikepdf.open(io.BytesIO(checked.content)).pages), 1)

    def test_javascript_and_automatic_actions_are_removed(self) -> None:
        checked = check_upload(upload(samples.pdf_with_javascript()), accepted=PDF_ONLY)
        pdf = pikepdf.open(io.BytesIO(checked.content))
        self.assertNotIn("/OpenAction", pdf.Root)
        self.assertNotIn("/JavaScript", pdf.Root.Names)
        self.assertNotIn("/EmbeddedFiles", pdf.Root.Names)
        self.assertNotIn("/A", pdf.pages[0].obj.Annots[0])
        self.assertNotIn(b"app.alert", checked.content)
        self.assertIn("JavaScript", checked.notes)

    def test_a_file_renamed_to_pdf_is_refused(self) -> None:
        with self.assertRaisesMessage(UploadRefused, "Không nhận ra định dạng"):
            check_upload(upload(b"MZ\x90\x00 this is a program", "hop-le.pdf"), accepted=PDF_ONLY)

    def test_an_image_named_pdf_is_judged_by_its_content(self) -> None:
        with self.assertRaisesMessage(UploadRefused, "nội dung JPEG"):
            check_upload(upload(samples.image_bytes(), "to-khai.pdf"), accepted=PDF_ONLY)

    def test_an_image_becomes_a_pdf(self) -> None:
        checked = check_upload(upload(samples.image_bytes(), "anh.jpg"), accepted=SCANS)
        self.assertEqual(
            (checked.kind, checked.original_kind, checked.name), ("pdf", "jpg", "anh.pdf")
        )
        self.assertTrue(checked.content.startswith(b"%PDF-"))

    def test_a_decompression_bomb_is_refused_without_decoding_it(self) -> None:
        tracemalloc.start()
        try:
            with self.assertRaisesMessage(UploadRefused, "Ảnh quá lớn"):
                check_upload(upload(samples.png_bomb(), "bom.png"), accepted=SCANS)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertLess(peak, 50 * 1024 * 1024)

    def test_an_encrypted_pdf_is_refused(self) -> None:
        with self.assertRaisesMessage(UploadRefused, "mật khẩu"):
            check_upload(upload(samples.encrypted_pdf()), accepted=PDF_ONLY)

    def test_a_corrupt_pdf_is_refused(self) -> None:
        with self.assertRaisesMessage(UploadRefused, "bị hỏng"):
            check_upload(upload(b"%PDF-1.7\n garbage without objects"), accepted=PDF_ONLY)

    def test_an_oversized_file_is_refused(self) -> None:
        with self.assertRaisesMessage(UploadRefused, "quá lớn"):
            check_upload(upload(samples.pdf_bytes()), accepted=PDF_ONLY, max_bytes=10)

    def test_an_empty_file_is_refused(self) -> None:
        with self.assertRaisesMessage(UploadRefused, "rỗng"):
            check_upload(upload(b""), accepted=PDF_ONLY)

    def test_a_word_document_is_kept_when_accepted(self) -> None:
        checked = check_upload(upload(samples.docx_bytes(), "don.docx"), accepted=["docx", "pdf"])
        self.assertEqual((checked.kind, checked.name), ("docx", "don.docx"))

    def test_a_zip_that_is_not_office_is_refused(self) -> None:
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("virus.exe", "x")
        with self.assertRaises(UploadRefused):
            check_upload(upload(out.getvalue(), "don.docx"), accepted=["docx"])


class RefusalCodeTestCase(SimpleTestCase):
    def test_a_refusal_raised_the_old_way_has_the_default_code(self) -> None:
        refused = UploadRefused("Tệp không hợp lệ.")
        self.assertEqual((str(refused), refused.code), ("Tệp không hợp lệ.", "upload.refused"))

    def test_a_refusal_names_its_reason_by_a_stable_code(self) -> None:
        with self.assertRaises(UploadRefused) as refused:
            check_upload(upload(b""), accepted=PDF_ONLY)
        self.assertEqual(refused.exception.code, "upload.empty")

    def test_a_refusal_is_translated_with_its_code_unchanged(self) -> None:
        from django.utils import translation

        with translation.override("en"), self.assertRaises(UploadRefused) as refused:
            check_upload(upload(samples.png_bomb(), "bom.png"), accepted=SCANS)
        self.assertIn("The image is too large", str(refused.exception))
        self.assertEqual(refused.exception.code, "upload.image_too_large")
