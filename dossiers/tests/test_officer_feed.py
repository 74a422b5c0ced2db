"""The officers' feed: a dossier given to an officer, due soon or overdue in their hands, and a
consultation they asked answered each put an in-app message in their feed, and nowhere else."""

from __future__ import annotations

from django.test import TestCase

from accounts.models import User
from dossiers import actions
from dossiers.actors import person
from dossiers.models import DeadlineState
from dossiers.testing import Office, create_procedure, create_received_dossier
from notifications.models import Notification


class OfficerFeedTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()
        self.dossier = create_received_dossier(create_procedure(), self.office)

    def feed(self, officer: User) -> list[str]:
        return list(Notification.objects.filter(recipient=officer).values_list("kind", flat=True))

    def give_to_specialist(self) -> None:
        actions.assign(
            self.dossier,
            actor=person(self.office.leader),
            assignee=self.office.specialist,
        )
        self.dossier.refresh_from_db()

    def test_a_dossier_given_to_an_officer_is_in_their_feed(self) -> None:
        self.give_to_specialist()
        self.assertEqual(self.feed(self.office.specialist), ["inbox_arrived"])

    def test_the_feed_is_in_app_only(self) -> None:
        self.give_to_specialist()
        channels = Notification.objects.filter(recipient=self.office.specialist)
        self.assertEqual(set(channels.values_list("channel", flat=True)), {"in_app"})

    def test_an_overdue_dossier_is_in_its_holders_feed(self) -> None:
        self.give_to_specialist()
        actions.mark_deadline(self.dossier, DeadlineState.OVERDUE)
        self.assertIn("overdue", self.feed(self.office.specialist))

    def test_a_dossier_nobody_holds_by_name_tells_no_one(self) -> None:
        before = Notification.objects.filter(kind="due_soon").count()
        actions.mark_deadline(self.dossier, DeadlineState.DUE_SOON)
        self.assertEqual(Notification.objects.filter(kind="due_soon").count(), before)
