"""reject: the competent body declines to grant; the written reason is the result."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from documents.models import IssuedDocument
from dossiers.actions import DossierError, consult, reject
from dossiers.actors import person
from dossiers.models import EventType, Outcome, Status
from dossiers.testing import ActionTestCase, Office, create_received_dossier
from dossiers.workflow import IllegalTransition
from notifications.models import Notification

REASON = "Không đủ điều kiện theo Điều 5"


class RejectTestCase(ActionTestCase):
    def test_the_reason_is_the_result(self) -> None:
        dossier = reject(
            create_received_dossier(self.version, self.office),
            actor=person(self.office.specialist),
            reason=REASON,
        )
        self.assertEqual(
            (dossier.status, dossier.outcome, dossier.result_summary),
            (Status.DONE, Outcome.REJECTED, REASON),
        )
        self.assertIsNotNone(dossier.decided_at)
        self.assertEqual((dossier.current_step, dossier.current_unit), (None, None))
        self.assertFalse(IssuedDocument.objects.filter(dossier_link__dossier=dossier).exists())

    def test_it_writes_one_event_at_the_step_that_rejected(self) -> None:
        received = create_received_dossier(self.version, self.office)
        dossier = reject(received, actor=person(self.office.specialist), reason=REASON)
        event = self.new_event(dossier, received.event_count)
        self.assertEvent(event, EventType.REJECTED, Status.IN_PROGRESS, Status.DONE)
        self.assertEqual((event.reason, event.step), (REASON, received.current_step))
        self.assertEqual(event.parameters, {"outcome": Outcome.REJECTED})

    def test_it_tells_the_applicant_why(self) -> None:
        dossier = reject(
            create_received_dossier(self.version, self.office),
            actor=person(self.office.specialist),
            reason=REASON,
        )
        message = Notification.objects.get(event_id=dossier.events.last().pk, channel="sms")
        self.assertEqual(message.recipient, dossier.applicant)
        self.assertIn(REASON, message.body)

    def test_the_desk_may_not_reject(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            reject(dossier, actor=person(self.office.desk), reason=REASON)

    def test_it_needs_a_reason(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            reject(dossier, actor=person(self.office.specialist), reason=" ")

    def test_a_dossier_waiting_for_an_opinion_cannot_be_rejected(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        consult(
            dossier,
            actor=person(self.office.specialist),
            to_unit=Office.create().unit,
            question="?",
        )
        with self.assertWritesNothing(dossier, IllegalTransition):
            reject(dossier, actor=person(self.office.specialist), reason=REASON)
