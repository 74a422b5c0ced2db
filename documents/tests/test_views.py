"""The public page of an issued document (opened from its QR) and the verification API."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from documents.models import IssuedDocument
from documents.testing import pdf_bytes
from dossiers.models import Dossier
from dossiers.slips import issue_slip
from dossiers.testing import Office, create_procedure, create_received_dossier


class PublicDocumentTestCase(TestCase):
    office: Office
    dossier: Dossier
    document: IssuedDocument

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        cls.dossier = create_received_dossier(create_procedure(), cls.office)
        cls.document = issue_slip(cls.dossier.slips.get())

    def read(self) -> bytes:
        with self.document.file.open("rb") as handle:
            return handle.read()

    def test_the_page_shows_code_issuer_date_validity_and_hash(self) -> None:
        page = self.client.get(reverse("documents:public", args=[self.document.code]))
        self.assertContains(page, self.document.code)
        self.assertContains(page, "Phường Hoàn Kiếm")
        self.assertContains(page, self.document.sha256)
        self.assertContains(page, "Chữ ký số hợp lệ")

    def test_the_page_shows_no_personal_data(self) -> None:
        page = self.client.get(reverse("documents:public", args=[self.document.code]))
        self.assertNotContains(page, self.dossier.applicant_name)
        self.assertNotContains(page, self.dossier.applicant_id_number)

    def test_the_page_names_what_the_document_is_about(self) -> None:
        page = self.client.get(reverse("documents:public", args=[self.document.code]))
        self.assertContains(page, self.dossier.code)

    def test_the_api_names_the_dossier_code(self) -> None:
        data = self.client.get(reverse("documents:api-document", args=[self.document.code]))
        self.assertEqual(data.json()["dossier_code"], self.dossier.code)

    def test_an_unknown_code_is_not_found(self) -> None:
        page = self.client.get(reverse("documents:public", args=["VB-AAAA-BBBB-CCCC"]))
        self.assertEqual(page.status_code, 404)

    def test_the_printed_qr_address_is_the_page(self) -> None:
        from documents.issue import verify_url

        url = verify_url(self.document.code)
        self.assertTrue(url.endswith(f"/van-ban/{self.document.code}/"))

    def test_the_api_describes_the_document(self) -> None:
        data = self.client.get(reverse("documents:api-document", args=[self.document.code]))
        body = data.json()
        self.assertEqual(body["sha256"], self.document.sha256)
        self.assertTrue(body["verification"]["valid"])

    def test_the_api_checks_an_uploaded_pdf(self) -> None:
        response = self.client.post(
            reverse("documents:api-verify"), self.read(), content_type="application/pdf"
        )
        body = response.json()
        self.assertTrue(body["valid"])
        self.assertEqual(body["issued_here"], [self.document.code])

    def test_the_api_reports_a_tampered_pdf_as_invalid(self) -> None:
        data = bytearray(self.read())
        data[len(data) // 3] ^= 0x01
        response = self.client.post(
            reverse("documents:api-verify"), bytes(data), content_type="application/pdf"
        )
        self.assertFalse(response.json()["valid"])

    def test_the_api_reports_an_unsigned_pdf(self) -> None:
        response = self.client.post(
            reverse("documents:api-verify"), pdf_bytes(), content_type="application/pdf"
        )
        self.assertIn("không có chữ ký", response.json()["error"])

    def test_the_api_refuses_an_empty_request(self) -> None:
        response = self.client.post(reverse("documents:api-verify"))
        self.assertEqual(response.status_code, 400)

    def test_the_page_is_rate_limited(self) -> None:
        url = reverse("documents:public", args=["VB-AAAA-BBBB-CCCC"])
        statuses = {self.client.get(url).status_code for _ in range(31)}
        self.assertIn(429, statuses)
