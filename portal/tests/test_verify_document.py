from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from documents.signing import sign_pdf, unit_signer
from documents.testing import pdf_bytes


class VerifyDocumentTestCase(TestCase):
    def signed(self) -> bytes:
        signer = unit_signer("000.10.04.H26", "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        return sign_pdf(
            pdf_bytes(), signer, field_name="ChuKyDonVi", reason="Thử", location="Hà Nội"
        )

    def check(self, data: bytes):
        upload = SimpleUploadedFile("van-ban.pdf", data, content_type="application/pdf")
        return self.client.post(reverse("portal:verify"), {"file": upload})

    def test_anyone_sees_that_a_signed_document_is_valid(self) -> None:
        response = self.check(self.signed())
        self.assertContains(response, "Chữ ký số hợp lệ")
        self.assertContains(response, "Phường Hoàn Kiếm")

    def test_a_changed_document_is_reported_invalid(self) -> None:
        tampered = bytearray(self.signed())
        tampered[len(tampered) // 3] ^= 0x01
        response = self.check(bytes(tampered))
        self.assertContains(response, "KHÔNG có chữ ký số hợp lệ")

    def test_an_unsigned_document_is_reported_invalid(self) -> None:
        self.assertContains(self.check(pdf_bytes()), "không có chữ ký")

    def test_a_missing_file_gets_a_message(self) -> None:
        response = self.client.post(reverse("portal:verify"), {})
        self.assertContains(response, "Chọn tệp PDF")
