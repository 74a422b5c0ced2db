"""The back-office page correcting an obvious error of a declaration: the declaration as a
form, the values the registry gave not editable, the reason asked, the action called."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from accounts.models import Role
from backoffice.tests.scenario import ScenarioTestCase
from catalog.models import ProcedureVersion
from core.testing import create_officer
from dossiers.models import Dossier, EventType
from dossiers.testing import create_dossier_with_declaration, create_eform_procedure


class CorrectDeclarationViewTestCase(ScenarioTestCase):
    eform: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.eform = create_eform_procedure()

    def url(self, dossier: Dossier) -> str:
        return reverse("backoffice:correct_declaration", args=[dossier.code])

    def form_data(self, page: Any, **changes: Any) -> dict[str, Any]:
        """What the page's form posts back unchanged, with ``changes`` (by input name)."""
        data: dict[str, Any] = {}

        def down(inputs: list[Any]) -> None:
            for item in inputs:
                if item.kind == "group":
                    down(item.children)
                elif item.kind == "repeat":
                    for row in item.items:
                        down(row)
                elif item.kind == "address":
                    for part, value in item.value.items():
                        data[f"{item.name}.{part}"] = value
                elif item.value not in ("", []):
                    data[item.name] = item.value

        for section in page.context["declaration"]:
            down(section.inputs)
        data.update(changes)
        return data

    def post(self, dossier: Dossier, **changes: Any) -> Any:
        self.client.force_login(self.office.desk)
        page = self.client.get(self.url(dossier))
        data = self.form_data(page, **{"reason": "Khai nhầm nơi sinh", **changes})
        return self.client.post(self.url(dossier), data)

    def test_the_page_shows_the_declaration_as_a_form(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        self.client.force_login(self.office.desk)
        page = self.client.get(self.url(dossier))
        self.assertContains(page, 'value="Bệnh viện Phụ sản Hà Nội"')

    def test_a_value_the_registry_gave_is_not_editable(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        self.client.force_login(self.office.desk)
        page = self.client.get(self.url(dossier))
        self.assertNotContains(page, 'name="tk-mother.full_name" type="text"')
        mother = page.context["declaration"][2].inputs[0]
        self.assertTrue(all(i.locked for i in mother.children))

    def test_a_change_is_saved_with_the_reason(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        response = self.post(dossier, **{"tk-child.place_of_birth": "Trạm y tế phường"})
        self.assertRedirects(response, reverse("backoffice:dossier", args=[dossier.code]))
        event = self.reload(dossier).events.get(type=EventType.DECLARATION_CORRECTED)
        self.assertEqual(
            (event.reason, [c["path"] for c in event.parameters["changes"]]),
            ("Khai nhầm nơi sinh", ["child.place_of_birth"]),
        )

    def test_only_what_was_changed_is_recorded(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        self.post(dossier, **{"tk-copies": "2"})
        event = self.reload(dossier).events.get(type=EventType.DECLARATION_CORRECTED)
        self.assertEqual(
            event.parameters["changes"],
            [{"path": "copies", "label": "Số bản sao yêu cầu", "before": 1, "after": 2}],
        )

    def test_a_registry_value_posted_changed_is_kept_as_the_registry_gave_it(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        self.post(
            dossier,
            **{"tk-mother.full_name": "Người Khác", "tk-child.place_of_birth": "Trạm y tế"},
        )
        self.assertEqual(self.reload(dossier).declaration["mother"]["full_name"], "Trần Thị Bình")

    def test_a_value_the_schema_refuses_is_shown_at_its_field_and_nothing_is_kept(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        response = self.post(dossier, **{"tk-copies": "50"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("tk-copies", [i.id for i in response.context["declaration_errors"]])
        self.assertEqual(self.reload(dossier).declaration["copies"], 1)

    def test_the_reason_is_required(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        response = self.post(dossier, reason="", **{"tk-copies": "2"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.reload(dossier).event_count, dossier.event_count)

    def test_nothing_changed_is_said(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        response = self.post(dossier)
        self.assertContains(
            response, "Không có thông tin nào của tờ khai được sửa", status_code=400
        )

    def test_a_colleague_without_the_dossier_in_hand_is_told_why(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        self.client.force_login(self.office.specialist)
        response = self.client.get(self.url(dossier), follow=True)
        self.assertContains(response, "Chỉ cán bộ một cửa của đơn vị tiếp nhận")

    def test_an_inspector_is_forbidden(self) -> None:
        dossier = create_dossier_with_declaration(self.eform, self.office)
        inspector = create_officer(self.office.unit, roles=(Role.INSPECTOR,))
        self.client.force_login(inspector)
        self.assertEqual(self.client.get(self.url(dossier)).status_code, 403)
