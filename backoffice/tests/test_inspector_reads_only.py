"""An inspector reads every dossier of their unit's subtree and changes none of them."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Role, User
from backoffice.tests.scenario import ScenarioTestCase
from core.testing import create_officer, create_unit
from dossiers.models import Dossier, EventType
from dossiers.testing import Office, create_procedure, create_supplement_requested_dossier


class InspectorReadsOnlyTestCase(ScenarioTestCase):
    """Like the demo's ``thanhtra.hanoi``: an inspector of the city above the commune."""

    inspector: User

    @classmethod
    def setUpTestData(cls) -> None:
        city = create_unit(receives_dossiers=False)
        cls.office = Office.create(parent=city)
        cls.version = create_procedure(days=3)
        cls.inspector = create_officer(city, roles=(Role.INSPECTOR,))

    def awaiting_supplement(self) -> Dossier:
        """A dossier the desk already asked to complete: a second request is the violation."""
        return create_supplement_requested_dossier(self.version, self.office, at_reception=True)

    def test_it_cannot_request_a_supplement(self) -> None:
        dossier = self.awaiting_supplement()
        component = dossier.components.values_list("component_id", flat=True)[0]
        self.client.force_login(self.inspector)
        response = self.client.post(
            reverse("backoffice:action", args=[dossier.code, "request_supplement"]),
            {"components": [component], "reason": "Lần hai"},
        )
        self.assertEqual(response.status_code, 403)
        after = self.reload(dossier)
        self.assertEqual(after.event_count, dossier.event_count)
        self.assertFalse(after.events.filter(type=EventType.RULE_REFUSED).exists())

    def test_it_reads_the_dossier_page(self) -> None:
        dossier = self.awaiting_supplement()
        self.client.force_login(self.inspector)
        response = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertContains(response, dossier.code)
        self.assertContains(response, "Bạn không có thao tác nào")

    def test_it_reads_the_violations_page(self) -> None:
        dossier = self.awaiting_supplement()
        self.act(
            self.office.desk,
            dossier,
            "request_supplement",
            components=[dossier.components.values_list("component_id", flat=True)[0]],
            reason="Lần hai",
        )
        self.client.force_login(self.inspector)
        response = self.client.get(reverse("backoffice:violations"))
        self.assertContains(response, dossier.code)

    def test_the_page_offers_it_no_correction_form(self) -> None:
        dossier = self.submit()
        self.client.force_login(self.inspector)
        response = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertNotContains(response, reverse("backoffice:file_correction", args=[dossier.code]))
