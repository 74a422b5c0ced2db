"""The dossier page shows the declaration as data: by section, values from the registry
marked with their source, the schema it was filled under, the component it satisfies."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from catalog.models import ProcedureVersion
from dossiers.actions import correct_declaration
from dossiers.actors import person
from dossiers.models import Dossier
from dossiers.testing import create_dossier_with_declaration, create_eform_procedure


class DeclarationPageTestCase(ScenarioTestCase):
    eform: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.eform = create_eform_procedure()

    def page(self, dossier: Dossier) -> Any:
        self.client.force_login(self.office.desk)
        return self.client.get(reverse("backoffice:dossier", args=[dossier.code]))

    def test_the_declaration_is_shown_by_section(self) -> None:
        page = self.page(create_dossier_with_declaration(self.eform, self.office))
        sections = page.context["declaration"]
        self.assertEqual(
            [s.title for s in sections],
            ["Người yêu cầu", "Người được khai sinh", "Cha, mẹ", "Thông tin khác"],
        )
        self.assertContains(page, "Bệnh viện Phụ sản Hà Nội")

    def test_codes_are_shown_in_words(self) -> None:
        page = self.page(create_dossier_with_declaration(self.eform, self.office))
        self.assertContains(page, "01/08/2025")  # the child's date of birth
        self.assertContains(page, "Kinh")

    def test_a_value_from_the_registry_is_marked_with_its_source(self) -> None:
        page = self.page(create_dossier_with_declaration(self.eform, self.office))
        mother = page.context["declaration"][2].rows[0]
        self.assertEqual(mother.rows[0].prefill, "Lấy từ Cơ sở dữ liệu quốc gia về dân cư")

    def test_a_value_typed_by_the_applicant_is_not_marked(self) -> None:
        page = self.page(create_dossier_with_declaration(self.eform, self.office))
        child = page.context["declaration"][1].rows[0]
        self.assertEqual({r.prefill for r in child.rows}, {""})

    def test_the_schema_it_was_filled_under_is_named(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        page = self.page(dossier)
        self.assertContains(page, dossier.declaration_schema_sha256[:16])
        self.assertTrue(page.context["declaration_current"])

    def test_the_component_the_eform_satisfies_says_so(self) -> None:
        page = self.page(create_dossier_with_declaration(self.eform, self.office))
        self.assertContains(page, "Tờ khai điện tử</strong>")

    def test_the_desk_is_offered_the_correction(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        page = self.page(dossier)
        self.assertContains(page, reverse("backoffice:correct_declaration", args=[dossier.code]))

    def test_a_dossier_without_declaration_offers_no_correction(self) -> None:
        dossier = self.submit()
        page = self.page(dossier)
        self.assertNotContains(page, reverse("backoffice:correct_declaration", args=[dossier.code]))

    def test_the_history_says_what_a_correction_changed(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        correct_declaration(
            dossier,
            actor=person(self.office.desk),
            changes={"child.place_of_birth": "Trạm y tế phường"},
            reason="Khai nhầm",
        )
        page = self.page(dossier)
        self.assertContains(
            page,
            "Nơi sinh của người được khai sinh: Bệnh viện Phụ sản Hà Nội → Trạm y tế phường",
        )
