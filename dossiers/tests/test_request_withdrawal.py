"""request_withdrawal: the applicant asks to withdraw an open dossier; a paused clock runs
again and open requests for opinions are withdrawn."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied

from core.testing import create_citizen
from dossiers.actions import consult, request_withdrawal
from dossiers.actors import person
from dossiers.models import EventType, Status
from dossiers.testing import (
    ActionTestCase,
    Office,
    applicant_of,
    create_decided_dossier,
    create_dossier,
    create_received_dossier,
    create_supplement_requested_dossier,
    reload,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
REASON = "Không còn nhu cầu"


class RequestWithdrawalTestCase(ActionTestCase):
    def test_the_applicant_withdraws_a_submitted_dossier(self) -> None:
        submitted = create_dossier(self.version, self.office)
        applicant = applicant_of(submitted)
        dossier = request_withdrawal(submitted, actor=person(applicant), reason=REASON)
        self.assertEqual(dossier.status, Status.WITHDRAWAL_REQUESTED)

    def test_it_writes_one_event_in_the_applicants_own_name(self) -> None:
        received = create_received_dossier(self.version, self.office)
        applicant = applicant_of(received)
        dossier = request_withdrawal(received, actor=person(applicant), reason=REASON)
        event = self.new_event(dossier, received.event_count)
        self.assertEvent(
            event, EventType.WITHDRAWAL_REQUESTED, Status.IN_PROGRESS, Status.WITHDRAWAL_REQUESTED
        )
        self.assertEqual(
            (event.actor, event.actor_role, event.actor_unit, event.reason),
            (applicant, "", None, REASON),
        )
        self.assertEqual(event.parameters, {})

    def test_it_confirms_to_the_applicant(self) -> None:
        submitted = create_dossier(self.version, self.office)
        applicant = applicant_of(submitted)
        dossier = request_withdrawal(submitted, actor=person(applicant), reason=REASON)
        message = Notification.objects.get(event_id=dossier.events.last().pk, channel="sms")
        self.assertEqual(message.recipient, applicant)
        self.assertIn(dossier.code, message.body)

    def test_a_paused_clock_runs_again(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            asked = create_supplement_requested_dossier(self.version, self.office)
        applicant = applicant_of(asked)
        with time_machine.travel(datetime(2026, 6, 2, 9, 0, tzinfo=TZ), tick=False):
            dossier = request_withdrawal(asked, actor=person(applicant), reason=REASON)
        self.assertIsNone(dossier.paused_at)
        self.assertEqual(dossier.due_at, datetime(2026, 6, 5, 17, 0, tzinfo=TZ))
        parameters = self.new_event(dossier, asked.event_count).parameters
        self.assertEqual(parameters["paused_working_hours"], 8.0)

    def test_open_requests_for_opinions_are_withdrawn(self) -> None:
        received = create_received_dossier(self.version, self.office)
        other = Office.create().unit
        consultation = consult(
            received, actor=person(self.office.specialist), to_unit=other, question="Xác minh?"
        )
        applicant = applicant_of(received)
        dossier = request_withdrawal(reload(received), actor=person(applicant), reason=REASON)
        consultation.refresh_from_db()
        self.assertIsNotNone(consultation.cancelled_at)
        event = dossier.events.last()
        self.assertEqual(event.parameters, {"consultations_cancelled": [consultation.pk]})

    def test_another_citizen_may_not_withdraw(self) -> None:
        dossier = create_dossier(self.version, self.office)
        stranger = create_citizen()
        with self.assertWritesNothing(dossier, PermissionDenied):
            request_withdrawal(dossier, actor=person(stranger), reason=REASON)

    def test_the_desk_may_not_withdraw_for_the_applicant(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            request_withdrawal(dossier, actor=person(self.office.desk), reason=REASON)

    def test_a_decided_dossier_can_no_longer_be_withdrawn(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        with self.assertWritesNothing(dossier, IllegalTransition):
            request_withdrawal(dossier, actor=person(applicant), reason=REASON)

    def test_withdrawal_is_asked_once(self) -> None:
        dossier = create_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        request_withdrawal(dossier, actor=person(applicant), reason=REASON)
        with self.assertWritesNothing(dossier, IllegalTransition):
            request_withdrawal(dossier, actor=person(applicant), reason="Lần hai")
