"""The dossier action URL takes only what an officer may post from the dossier page."""

from __future__ import annotations

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.models import Dossier, EventType
from dossiers.testing import create_received_dossier


class ActionUrlTestCase(ScenarioTestCase):
    def post(self, dossier: Dossier, action: str) -> int:
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:action", args=[dossier.code, action])
        return self.client.post(url, {"reason": "x"}).status_code

    def assertNotPostable(self, action: str) -> None:
        dossier = create_received_dossier(self.version, self.office)
        dossier = self.reload(dossier)
        self.assertEqual(self.post(dossier, action), 404)
        self.assertEqual(self.reload(dossier).event_count, dossier.event_count)

    def test_the_scheduler_marking_due_soon_is_not_postable(self) -> None:
        self.assertNotPostable("mark_due_soon")

    def test_the_scheduler_marking_overdue_is_not_postable(self) -> None:
        self.assertNotPostable("mark_overdue")

    def test_the_applicants_withdrawal_is_not_postable(self) -> None:
        self.assertNotPostable("request_withdrawal")

    def test_an_unknown_action_is_not_found(self) -> None:
        self.assertNotPostable("delete_everything")

    def test_the_refusal_says_why_with_a_stable_code(self) -> None:
        dossier = self.submit()
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:action", args=[dossier.code, "mark_overdue"])
        response = self.client.post(url, {"reason": "x"})
        self.assertContains(response, "mark_overdue", status_code=404)
        self.assertEqual(response.context["code"], "backoffice.unknown_action")

    def test_a_second_supplement_by_the_desk_is_recorded_once_in_its_role(self) -> None:
        dossier = self.submit()
        component = dossier.components.values_list("component_id", flat=True)[0]
        for reason in ("Thiếu", "Lần hai"):
            self.act(
                self.office.desk,
                dossier,
                "request_supplement",
                components=[component],
                reason=reason,
            )
        refused = self.reload(dossier).events.get(type=EventType.RULE_REFUSED)
        self.assertEqual(refused.parameters["attempted"], "second_supplement_request")
        self.assertEqual((refused.actor_role, refused.actor_unit), ("front_desk", self.office.unit))
