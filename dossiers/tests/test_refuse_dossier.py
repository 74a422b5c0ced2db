"""refuse_dossier: the desk refuses to receive a dossier, in writing, with its reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from dossiers.actions import DossierError, refuse_dossier
from dossiers.actors import person
from dossiers.models import EventType, Slip, Status
from dossiers.testing import (
    ActionTestCase,
    create_dossier,
    create_received_dossier,
    create_supplement_requested_dossier,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification

REASON = "Không thuộc thẩm quyền"


class RefuseDossierTestCase(ActionTestCase):
    def test_it_closes_the_dossier(self) -> None:
        dossier = refuse_dossier(
            create_dossier(self.version, self.office), actor=person(self.office.desk), reason=REASON
        )
        self.assertEqual(dossier.status, Status.REFUSED)
        self.assertIsNotNone(dossier.closed_at)

    def test_it_writes_one_event_with_the_reason(self) -> None:
        submitted = create_dossier(self.version, self.office)
        dossier = refuse_dossier(submitted, actor=person(self.office.desk), reason=REASON)
        event = self.new_event(dossier, submitted.event_count)
        self.assertEvent(event, EventType.REFUSED, Status.SUBMITTED, Status.REFUSED)
        self.assertEqual((event.reason, event.actor_role), (REASON, Role.FRONT_DESK))

    def test_it_issues_the_refusal_slip_with_the_reason(self) -> None:
        dossier = create_dossier(self.version, self.office)
        refuse_dossier(dossier, actor=person(self.office.desk), reason=REASON)
        slip = dossier.slips.get()
        self.assertEqual((slip.kind, slip.content["reason"]), (Slip.Kind.REFUSAL, REASON))

    def test_it_tells_the_applicant_why(self) -> None:
        dossier = create_dossier(self.version, self.office)
        refuse_dossier(dossier, actor=person(self.office.desk), reason=REASON)
        message = Notification.objects.get(event_id=dossier.events.last().pk, channel="sms")
        self.assertEqual(message.recipient, dossier.applicant)
        self.assertIn(REASON, message.body)

    def test_a_dossier_waiting_for_papers_at_reception_can_be_refused(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, at_reception=True)
        dossier = refuse_dossier(dossier, actor=person(self.office.desk), reason=REASON)
        self.assertEqual(dossier.status, Status.REFUSED)

    def test_a_specialist_may_not_refuse(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            refuse_dossier(dossier, actor=person(self.office.specialist), reason=REASON)

    def test_a_received_dossier_can_no_longer_be_refused(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, IllegalTransition):
            refuse_dossier(dossier, actor=person(self.office.desk), reason=REASON)

    def test_it_needs_a_reason(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            refuse_dossier(dossier, actor=person(self.office.desk), reason="  ")
