"""The applicant sees who looked up their data in the population registry."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from dossiers.testing import create_dossier
from portal.tests.base import PortalTestCase
from registry.connector import lookup
from registry.models import Resident


class DataLookupsTestCase(PortalTestCase):
    def setUp(self) -> None:
        super().setUp()
        assert self.citizen.personal_id
        Resident.objects.create(
            id_number=self.citizen.personal_id,
            full_name=self.citizen.full_name,
            date_of_birth=date(1990, 1, 1),
            sex="female",
            household="HK9",
            relation="head",
            permanent_address="Số 1 Phố Thử",
            marital_status="single",
        )
        lookup(
            self.citizen.personal_id,
            purpose="Đăng ký kết hôn — xác minh tình trạng hôn nhân",
            actor=self.office.specialist,
            unit=self.office.unit,
        )

    def test_the_applicant_sees_who_looked_up_their_data_and_why(self) -> None:
        self.client.force_login(self.citizen)
        page = self.client.get(reverse("portal:data_lookups"))
        self.assertContains(page, "Đăng ký kết hôn — xác minh tình trạng hôn nhân")
        self.assertContains(page, self.office.unit.name)
        self.assertContains(page, "tình trạng hôn nhân")

    def test_a_lookup_made_for_a_dossier_names_its_code(self) -> None:
        assert self.citizen.personal_id
        dossier = create_dossier(self.version, self.office, applicant=self.citizen)
        lookup(
            self.citizen.personal_id,
            purpose="Kiểm tra nơi thường trú",
            actor=self.office.desk,
            unit=self.office.unit,
            dossier_id=dossier.pk,
        )
        self.client.force_login(self.citizen)
        page = self.client.get(reverse("portal:data_lookups"))
        self.assertContains(page, dossier.code)

    def test_another_person_sees_none_of_it(self) -> None:
        self.client.force_login(self.other)
        page = self.client.get(reverse("portal:data_lookups"))
        self.assertNotContains(page, "Đăng ký kết hôn — xác minh")


class PrefillTestCase(PortalTestCase):
    def test_the_e_form_is_filled_from_the_registry_and_the_lookup_logged(self) -> None:
        from registry.models import Lookup

        assert self.citizen.personal_id
        Resident.objects.create(
            id_number=self.citizen.personal_id, full_name=self.citizen.full_name,
            date_of_birth=date(1990, 1, 1), sex="female", household="HK8", relation="head",
            permanent_address="Số 8 Phố Dữ Liệu, Phường Thử",
        )  # fmt: skip
        self.client.force_login(self.citizen)
        page = self.client.get(self.apply_url())
        self.assertContains(page, "Số 8 Phố Dữ Liệu, Phường Thử")
        self.assertIn("Điền sẵn tờ khai", Lookup.objects.get().purpose)


class OnlineProofTestCase(PortalTestCase):
    def test_an_online_submission_is_verified_against_the_registry(self) -> None:
        from dossiers.models import Dossier
        from registry.models import Lookup

        assert self.citizen.personal_id
        Resident.objects.create(
            id_number=self.citizen.personal_id, full_name=self.citizen.full_name,
            date_of_birth=date(1990, 1, 1), sex="female", household="HK7", relation="head",
            permanent_address="Số 7 Phố Dữ Liệu",
        )  # fmt: skip
        self.client.force_login(self.citizen)
        self.client.post(self.apply_url(), self.application())
        dossier = Dossier.objects.get()
        item = dossier.components.get(component=self.residence_component)
        self.assertIn("đối chiếu lúc", item.source)
        self.assertEqual(Lookup.objects.get(purpose__startswith="Nộp hồ sơ").dossier_id, dossier.pk)
