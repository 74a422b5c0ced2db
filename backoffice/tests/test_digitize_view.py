"""The front desk digitizes paper components from the dossier page."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from catalog.models import Component, ProcedureVersion
from documents.testing import pdf_bytes
from dossiers.models import Dossier, DossierComponent
from dossiers.testing import Office, create_counter_dossier, create_procedure


class DigitizeViewTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    form: Component
    dossier: Dossier

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure()
        cls.form, residence = list(cls.version.components.all())
        cls.dossier = create_counter_dossier(
            cls.version, cls.office, from_data={residence.pk: "Cơ sở dữ liệu quốc gia về dân cư"}
        )

    def url(self) -> str:
        return reverse("backoffice:digitize", args=[self.dossier.code, self.form.pk])

    def test_the_page_offers_digitization_for_a_counter_dossier(self) -> None:
        self.client.force_login(self.office.desk)
        page = self.client.get(reverse("backoffice:dossier", args=[self.dossier.code]))
        self.assertContains(page, "Số hóa và ký số")

    def test_a_scan_uploaded_from_the_page_is_certified(self) -> None:
        self.client.force_login(self.office.desk)
        self.client.post(self.url(), {"scan": SimpleUploadedFile("quet.pdf", pdf_bytes())})
        item = self.dossier.components.get(component=self.form)
        self.assertTrue(item.certified_copy)

    def test_a_reason_is_recorded_for_a_paper_that_cannot_be_digitized(self) -> None:
        self.client.force_login(self.office.desk)
        self.client.post(self.url(), {"mode": "not_digitizable", "reason": "Bản đồ khổ lớn"})
        item = self.dossier.components.get(component=self.form)
        self.assertEqual(item.state, DossierComponent.State.NOT_DIGITIZABLE)

    def test_a_file_that_is_not_a_document_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.office.desk)
        response = self.client.post(
            self.url(), {"scan": SimpleUploadedFile("quet.pdf", b"MZ not a pdf")}, follow=True
        )
        self.assertContains(response, "Không nhận ra định dạng tệp")
        self.assertFalse(self.dossier.components.get(component=self.form).certified_copy)
