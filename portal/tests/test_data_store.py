"""The applicant's data store in the portal: listed, downloadable, offered in the e-form."""

from __future__ import annotations

from django.urls import reverse

from catalog.models import Component
from documents.models import IssuedDocument
from dossiers.models import Dossier
from dossiers.testing import create_decided_dossier, create_procedure
from portal.tests.base import PortalTestCase


class DataStoreTestCase(PortalTestCase):
    result: IssuedDocument

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        confirmation = create_procedure(
            name="Cấp Giấy xác nhận tình trạng hôn nhân", result_code="xac-nhan-hon-nhan"
        )
        dossier = create_decided_dossier(confirmation, cls.office, applicant=cls.citizen)
        cls.result = IssuedDocument.objects.get(dossier_link__dossier=dossier, kind="result")
        Component.objects.create(
            version=cls.version,
            position=3,
            name="Giấy xác nhận tình trạng hôn nhân",
            originals=1,
            document_type="xac-nhan-hon-nhan",
        )

    def test_the_store_lists_the_result(self) -> None:
        self.client.force_login(self.citizen)
        page = self.client.get(reverse("portal:data_store"))
        self.assertContains(page, self.result.code)

    def test_the_owner_downloads_the_signed_result(self) -> None:
        self.client.force_login(self.citizen)
        response = self.client.get(reverse("portal:stored_document", args=[self.result.code]))
        self.assertEqual(response.getvalue()[:5], b"%PDF-")

    def test_another_citizen_cannot_download_it(self) -> None:
        self.client.force_login(self.other)
        response = self.client.get(reverse("portal:stored_document", args=[self.result.code]))
        self.assertEqual(response.status_code, 404)

    def test_the_e_form_says_the_document_is_already_held(self) -> None:
        self.client.force_login(self.citizen)
        page = self.client.get(self.apply_url())
        self.assertContains(page, "Đã có trong kho dữ liệu của bạn")

    def test_submitting_without_the_held_document_reuses_it(self) -> None:
        self.client.force_login(self.citizen)
        self.client.post(self.apply_url(), self.application())
        dossier = Dossier.objects.get(procedure_version=self.version)
        item = dossier.components.get(component__position=3)
        self.assertEqual(item.reused_document, self.result.code)
