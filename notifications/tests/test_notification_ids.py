from __future__ import annotations

from django.test import TestCase

from dossiers import actions
from dossiers.actors import person
from dossiers.models import DossierEvent
from dossiers.testing import Office, create_dossier, create_procedure
from notifications.models import Notification


class NotificationIdsTestCase(TestCase):
    def setUp(self) -> None:
        self.dossier = create_dossier(create_procedure(), Office.create())
        assert self.dossier.applicant is not None
        actions.request_withdrawal(
            self.dossier, actor=person(self.dossier.applicant), reason="Không cần"
        )
        self.message = Notification.objects.get(dossier_id=self.dossier.pk, channel="in_app")

    def event_id(self) -> int:
        assert self.message.event_id is not None
        return self.message.event_id

    def test_a_message_names_its_dossier_and_event(self) -> None:
        event = DossierEvent.objects.get(pk=self.event_id())
        self.assertEqual(event.dossier_id, self.dossier.pk)

    def test_the_events_of_a_dossier_can_be_removed_without_its_messages(self) -> None:
        # Archiving or partitioning moves events away; the record of what was sent stays.
        DossierEvent.objects.filter(pk=self.event_id()).delete()
        self.message.refresh_from_db()
        self.assertEqual(self.message.dossier_id, self.dossier.pk)
