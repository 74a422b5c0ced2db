from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from core.testing import create_officer
from dossiers.testing import create_received_dossier


class InboxTestCase(ScenarioTestCase):
    def codes(self, user, tab: str = "xu-ly") -> set[str]:
        self.client.force_login(user)
        response = self.client.get(reverse("backoffice:inbox"), {"o": tab})
        return {d.code for d in response.context["page"].object_list}

    def test_new_dossiers_wait_at_the_reception_desk(self) -> None:
        dossier = self.submit()
        self.assertEqual(self.codes(self.office.desk, "tiep-nhan"), {dossier.code})

    def test_a_received_dossier_is_in_the_specialists_inbox(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.assertEqual(self.codes(self.office.specialist), {dossier.code})

    def test_an_assigned_dossier_leaves_the_other_specialists_inbox(self) -> None:
        colleague = create_officer(self.office.unit, roles=("specialist",))
        dossier = create_received_dossier(self.version, self.office)
        self.act(self.office.leader, dossier, "assign", assignee=self.office.specialist.pk)
        self.assertEqual(self.codes(colleague), set())
        self.assertEqual(self.codes(self.office.specialist), {dossier.code})

    def test_the_leader_sees_everything_at_the_unit(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.assertEqual(self.codes(self.office.leader), {dossier.code})

    def test_the_inbox_uses_a_bounded_number_of_queries(self) -> None:
        for _ in range(5):
            create_received_dossier(self.version, self.office)
        self.client.force_login(self.office.specialist)
        self.client.get(reverse("backoffice:inbox"))  # warm the session
        with self.assertNumQueries(7):
            self.client.get(reverse("backoffice:inbox"))


class InboxTabTestCase(ScenarioTestCase):
    """Which tab the inbox opens on, and the language its tabs are in."""

    def opened(self, user, **query: str) -> str:
        self.client.force_login(user)
        return self.client.get(reverse("backoffice:inbox"), query).context["tab"]

    def test_with_dossiers_waiting_it_opens_on_reception(self) -> None:
        self.submit()
        self.assertEqual(self.opened(self.office.desk), "tiep-nhan")

    def test_it_opens_on_the_first_tab_with_work(self) -> None:
        create_received_dossier(self.version, self.office)
        self.assertEqual(self.opened(self.office.specialist), "xu-ly")

    def test_a_tab_asked_for_is_opened_even_empty(self) -> None:
        self.submit()
        self.assertEqual(self.opened(self.office.desk, o="xu-ly"), "xu-ly")

    def test_the_tabs_read_in_english_when_english_is_chosen(self) -> None:
        self.client.force_login(self.office.desk)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get(reverse("backoffice:inbox"))
        for label in ("Awaiting reception (", "In progress (", "Result return, withdrawals ("):
            self.assertContains(response, label)
