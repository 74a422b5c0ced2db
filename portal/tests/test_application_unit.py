"""Where the dossier is lodged: preselected from the registered residence, else chosen by
province and name without JavaScript."""

from __future__ import annotations

from core.testing import create_commune, create_province
from dossiers.models import Dossier
from dossiers.testing import Office
from portal.tests.eform_base import EformTestCase
from registry.models import Resident


class ApplicationUnitTestCase(EformTestCase):
    def test_it_says_why_the_unit_is_preselected(self):
        draft = self.start()
        response = self.client.get(self.url("application_unit", draft))
        self.assertContains(response, "Theo nơi thường trú của bạn")
        self.assertContains(response, f'value="{self.office.unit.code}" checked')

    def test_it_changes_the_unit(self):
        draft = self.start()
        response = self.client.post(
            self.url("application_unit", draft), {"unit": self.other_office.unit.code}
        )
        self.assertRedirects(
            response, self.url("application", draft), fetch_redirect_response=False
        )
        draft.refresh_from_db()
        self.assertEqual(draft.data["competent_unit"], self.other_office.unit.code)

    def test_it_refuses_a_unit_that_does_not_perform_the_procedure(self):
        draft = self.start()
        police = Office.create(kind="commune_police", area=self.commune)
        response = self.client.post(self.url("application_unit", draft), {"unit": police.unit.code})
        self.assertContains(response, "Chọn nơi nộp hồ sơ.", status_code=400)
        draft.refresh_from_db()
        self.assertEqual(draft.data["competent_unit"], self.office.unit.code)

    def test_it_has_nothing_chosen_when_the_residence_is_elsewhere(self):
        Resident.objects.filter(id_number=self.citizen.personal_id).update(permanent_unit=None)
        draft = self.start()
        self.assertNotIn("competent_unit", draft.data)
        page = self.client.get(self.url("application_unit", draft))
        self.assertNotContains(page, "Theo nơi thường trú của bạn")
        self.assertNotContains(page, " checked")

    def test_it_chooses_the_province_then_searches_by_name(self):
        elsewhere = create_province(name="Tỉnh Ninh Bình")
        Office.create(
            name="Trung tâm Phục vụ hành chính công Phường Hoa Lư",
            area=create_commune(elsewhere, name="Phường Hoa Lư"),
        )
        Resident.objects.filter(id_number=self.citizen.personal_id).update(permanent_unit=None)
        draft = self.start()
        url = self.url("application_unit", draft)
        first = self.client.get(url)
        self.assertContains(first, "Chọn tỉnh, thành phố rồi bấm “Tìm”.")
        self.assertContains(first, f'<option value="{elsewhere.code}">Tỉnh Ninh Bình</option>')
        found = self.client.get(url, {"tinh": str(self.province.code), "tim": "hoan kiem"})
        self.assertContains(found, self.other_office.unit.name)
        self.assertNotContains(found, self.office.unit.name)
        self.assertNotContains(found, "Phường Hoa Lư")


class BoundaryFreeUnitTestCase(EformTestCase):
    """A procedure not bound by administrative boundaries: lodged at any reception point, the
    one of the residence preselected; the competent unit apart."""

    department: Office

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.version.boundary_free = True
        cls.version.save()
        cls.department = Office.create(name="Sở Tư pháp", kind="department", area=cls.province)
        cls.version.performing_units.add(cls.department.unit)
        cls.version.unit_kinds = []
        cls.version.save()

    def test_it_preselects_the_reception_point_of_the_residence(self):
        draft = self.start()
        self.assertEqual(draft.data["receiving_unit"], self.office.unit.code)
        self.assertEqual(draft.data["competent_unit"], self.department.unit.code)

    def test_it_lodges_at_another_reception_point(self):
        draft = self.start()
        self.client.post(
            self.url("application_unit", draft),
            {"unit": self.other_office.unit.code, "competent": self.department.unit.code},
        )
        draft.refresh_from_db()
        self.assertEqual(draft.data["receiving_unit"], self.other_office.unit.code)
        self.fill_everything(draft)
        self.client.post(self.url("application_unit", draft), {"unit": self.other_office.unit.code})
        self.client.post(self.url("application_check", draft))
        dossier = Dossier.objects.get()
        self.assertEqual(dossier.receiving_unit, self.other_office.unit)
        self.assertEqual(dossier.competent_unit, self.department.unit)
