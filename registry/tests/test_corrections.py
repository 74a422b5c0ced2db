"""Data corrections (R13): filed by an officer, tracked until the registry owner resolves."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from accounts.models import Role, User
from core.testing import create_officer, create_unit
from dossiers.models import Dossier
from dossiers.testing import Office, create_dossier, create_procedure
from registry import corrections
from registry.models import CorrectionRequest
from units.models import GovernmentUnit


class CorrectionTestCase(TestCase):
    office: Office
    dossier: Dossier
    police: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.dossier = create_dossier(create_procedure(), cls.office)
        police_unit = create_unit(
            kind=GovernmentUnit.Kind.COMMUNE_POLICE, area=cls.office.unit.area
        )
        cls.police = create_officer(police_unit, roles=(Role.SPECIALIST,))

    def file(self):
        self.client.force_login(self.office.desk)
        return self.client.post(
            reverse("backoffice:file_correction", args=[self.dossier.code]),
            {
                "field": "date_of_birth",
                "current_value": "01/01/1990",
                "proposed_value": "10/01/1990",
                "reason": "Giấy khai sinh bản chính ghi ngày 10/01/1990",
            },
        )

    def test_an_officer_files_a_request_from_the_dossier(self) -> None:
        self.file()
        request = CorrectionRequest.objects.get()
        self.assertEqual(request.id_number, self.dossier.applicant_id_number)
        self.assertEqual(request.status, CorrectionRequest.Status.OPEN)
        self.assertEqual(request.dossier_id, self.dossier.pk)

    def test_a_request_without_a_reason_is_refused(self) -> None:
        with self.assertRaisesMessage(corrections.CorrectionError, "lý do"):
            corrections.file_correction(
                officer=self.office.desk, unit=self.office.unit, id_number="001090000001",
                field="sex", proposed_value="Nữ", reason=" ",
            )  # fmt: skip

    def test_the_registry_owner_resolves_it(self) -> None:
        self.file()
        self.client.force_login(self.police)
        request = CorrectionRequest.objects.get()
        self.client.post(
            reverse("backoffice:corrections"),
            {"request": request.pk, "corrected": "1", "resolution": "Đã cập nhật ngày sinh"},
        )
        request.refresh_from_db()
        self.assertEqual(request.status, CorrectionRequest.Status.CORRECTED)
        self.assertEqual(request.resolved_by, self.police)

    def test_the_filing_unit_cannot_resolve_its_own_request(self) -> None:
        self.file()
        with self.assertRaises(corrections.CorrectionError):
            corrections.resolve_correction(
                CorrectionRequest.objects.get(),
                officer=self.office.desk,
                corrected=True,
                resolution="x",
            )

    def test_a_resolved_request_is_not_resolved_twice(self) -> None:
        self.file()
        request = CorrectionRequest.objects.get()
        corrections.resolve_correction(
            request, officer=self.police, corrected=False, resolution="Dữ liệu đúng"
        )
        with self.assertRaisesMessage(corrections.CorrectionError, "đã được xử lý"):
            corrections.resolve_correction(
                request, officer=self.police, corrected=True, resolution="x"
            )

    def test_the_list_shows_open_requests_to_the_filing_unit(self) -> None:
        self.file()
        page = self.client.get(reverse("backoffice:corrections"))
        self.assertContains(page, "10/01/1990")

    def test_the_list_names_the_dossier_the_request_was_filed_from(self) -> None:
        self.file()
        page = self.client.get(reverse("backoffice:corrections"))
        self.assertContains(page, self.dossier.code)


class WhoMayFileTestCase(TestCase):
    """Only an officer working on the dossier files a correction from it."""

    office: Office
    dossier: Dossier
    inspector: User

    @classmethod
    def setUpTestData(cls) -> None:
        city = create_unit(receives_dossiers=False)
        cls.office = Office.create(parent=city)
        cls.dossier = create_dossier(create_procedure(), cls.office)
        cls.inspector = create_officer(city, roles=(Role.INSPECTOR,))

    def file_as(self, user: User) -> int:
        self.client.force_login(user)
        response = self.client.post(
            reverse("backoffice:file_correction", args=[self.dossier.code]),
            {"field": "full_name", "proposed_value": "Tên đúng", "reason": "Giấy khai sinh"},
        )
        return response.status_code

    def test_an_inspector_cannot_file(self) -> None:
        self.assertEqual(self.file_as(self.inspector), 403)
        self.assertFalse(CorrectionRequest.objects.exists())

    def test_the_units_administrator_cannot_file(self) -> None:
        admin = create_officer(self.office.unit, roles=(Role.UNIT_ADMIN,))
        self.assertEqual(self.file_as(admin), 403)
        self.assertFalse(CorrectionRequest.objects.exists())

    def test_an_officer_of_an_unrelated_unit_cannot_file(self) -> None:
        self.assertEqual(self.file_as(Office.create().desk), 404)
        self.assertFalse(CorrectionRequest.objects.exists())

    def test_an_inspector_cannot_file_through_the_function(self) -> None:
        with self.assertRaises(corrections.CorrectionError) as refused:
            corrections.file_correction(
                officer=self.inspector, unit=self.inspector.memberships.get().unit,
                id_number=self.dossier.applicant_id_number, field="full_name",
                proposed_value="Tên đúng", reason="Giấy khai sinh", dossier=self.dossier,
            )  # fmt: skip
        self.assertEqual(refused.exception.code, "correction.not_acting")


class ResolveInputTestCase(TestCase):
    """The resolving form's request number is checked like any other input."""

    police: User

    @classmethod
    def setUpTestData(cls) -> None:
        unit = create_unit(kind=GovernmentUnit.Kind.COMMUNE_POLICE)
        cls.police = create_officer(unit, roles=(Role.SPECIALIST,))

    def resolve(self, request_id: str) -> int:
        self.client.force_login(self.police)
        response = self.client.post(
            reverse("backoffice:corrections"),
            {"request": request_id, "corrected": "1", "resolution": "Đã cập nhật"},
        )
        return response.status_code

    def test_a_request_number_that_is_not_a_number_is_a_bad_request(self) -> None:
        self.assertEqual(self.resolve("abc"), 400)

    def test_a_request_number_out_of_range_is_a_bad_request(self) -> None:
        self.assertEqual(self.resolve("9" * 30), 400)

    def test_an_unknown_request_number_is_not_found(self) -> None:
        self.assertEqual(self.resolve("12345"), 404)
