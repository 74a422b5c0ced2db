"""issue_apology: before the due date passes, the holder of the dossier (or a leader there)
apologises in writing and sets a new date — once. Late or second apologies are refused and
recorded."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from core.testing import create_officer
from dossiers.actions import DossierError, assign, issue_apology, request_withdrawal
from dossiers.actors import person
from dossiers.models import DeadlineState, Dossier, EventType, Slip, Status
from dossiers.testing import (
    ActionTestCase,
    applicant_of,
    create_decided_dossier,
    create_received_dossier,
    create_supplement_requested_dossier,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 4 June 17:00
WEDNESDAY_10H = datetime(2026, 6, 3, 10, 0, tzinfo=TZ)
FRIDAY_9H = datetime(2026, 6, 5, 9, 0, tzinfo=TZ)
REASON = "Chờ xác minh"


class IssueApologyTestCase(ActionTestCase):
    def received(self) -> Dossier:
        with time_machine.travel(MONDAY_9H, tick=False):
            return create_received_dossier(self.version, self.office)

    def apologise(self, dossier: Dossier, at: datetime = WEDNESDAY_10H) -> Dossier:
        with time_machine.travel(at, tick=False):
            return issue_apology(
                dossier, actor=person(self.office.specialist), extra_working_days=2, reason=REASON
            )

    def test_the_due_date_moves_by_the_days_granted(self) -> None:
        dossier = self.apologise(self.received())
        self.assertEqual(dossier.due_at, datetime(2026, 6, 8, 17, 0, tzinfo=TZ))
        self.assertEqual(dossier.original_due_at, datetime(2026, 6, 4, 17, 0, tzinfo=TZ))
        self.assertEqual((dossier.apology_at, dossier.deadline_state), (WEDNESDAY_10H, "on_time"))

    def test_it_writes_one_event_with_both_dates_and_who_held_the_dossier(self) -> None:
        received = self.received()
        dossier = self.apologise(received)
        event = self.new_event(dossier, received.event_count)
        self.assertEvent(event, EventType.APOLOGY_ISSUED, Status.IN_PROGRESS, Status.IN_PROGRESS)
        self.assertEqual((event.reason, event.actor_role), (REASON, Role.SPECIALIST))
        self.assertEqual(
            [datetime.fromisoformat(event.parameters[k]) for k in ("old_due_at", "new_due_at")],
            [datetime(2026, 6, 4, 17, 0, tzinfo=TZ), datetime(2026, 6, 8, 17, 0, tzinfo=TZ)],
        )
        self.assertEqual(event.parameters["attributed_to"]["step_id"], received.current_step_id)

    def test_it_issues_the_apology_and_tells_the_applicant_the_new_date(self) -> None:
        dossier = self.apologise(self.received())
        event = dossier.events.last()
        slip = dossier.slips.get(kind=Slip.Kind.APOLOGY)
        self.assertEqual(
            (slip.event, slip.content["new_due_at"]), (event, "2026-06-08T17:00:00+07:00")
        )
        self.assertIn(
            "17:00 08/06/2026", Notification.objects.get(event_id=event.pk, channel="sms").body
        )

    def test_a_leader_of_the_unit_apologises_in_the_leaders_name(self) -> None:
        received = self.received()
        with time_machine.travel(WEDNESDAY_10H, tick=False):
            dossier = issue_apology(
                received, actor=person(self.office.leader), extra_working_days=1, reason=REASON
            )
        self.assertEqual(self.new_event(dossier, received.event_count).actor_role, Role.LEADER)

    def test_a_paused_dossier_may_apologise_too(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            asked = create_supplement_requested_dossier(self.version, self.office)
        with time_machine.travel(datetime(2026, 6, 8, 9, 0, tzinfo=TZ), tick=False):
            # Past the stored due date, but not past it counting the pause still running.
            dossier = issue_apology(
                asked, actor=person(self.office.specialist), extra_working_days=1, reason=REASON
            )
        self.assertEqual(dossier.status, Status.SUPPLEMENT_IN_PROCESS)
        self.assertEqual(dossier.due_at, datetime(2026, 6, 5, 17, 0, tzinfo=TZ))

    def test_a_second_apology_is_refused_and_recorded(self) -> None:
        dossier = self.apologise(self.received())
        with self.assertRefusedAndRecorded(dossier, "second_apology"):
            self.apologise(dossier, at=datetime(2026, 6, 4, 9, 0, tzinfo=TZ))
        self.assertEqual(Dossier.objects.get(pk=dossier.pk).due_at, dossier.due_at)

    def test_an_apology_after_the_due_date_is_refused_and_recorded(self) -> None:
        dossier = self.received()
        with self.assertRefusedAndRecorded(dossier, "late_apology"):
            self.apologise(dossier, at=FRIDAY_9H)
        self.assertIsNone(Dossier.objects.get(pk=dossier.pk).apology_at)

    def test_the_desk_may_not_apologise(self) -> None:
        dossier = self.received()
        with self.assertWritesNothing(dossier, PermissionDenied):
            issue_apology(
                dossier, actor=person(self.office.desk), extra_working_days=2, reason=REASON
            )

    def test_once_assigned_another_specialist_may_not_apologise(self) -> None:
        dossier = self.received()
        assign(dossier, actor=person(self.office.leader), assignee=self.office.specialist)
        colleague = create_officer(self.office.unit, roles=(Role.SPECIALIST,))
        with self.assertWritesNothing(dossier, PermissionDenied):
            issue_apology(dossier, actor=person(colleague), extra_working_days=2, reason=REASON)

    def test_it_needs_a_reason_and_at_least_one_more_day(self) -> None:
        dossier = self.received()
        with self.assertWritesNothing(dossier, DossierError):
            issue_apology(
                dossier, actor=person(self.office.specialist), extra_working_days=2, reason=" "
            )
        with self.assertWritesNothing(dossier, DossierError):
            issue_apology(
                dossier, actor=person(self.office.specialist), extra_working_days=0, reason=REASON
            )

    def test_a_withdrawn_dossier_gets_no_apology(self) -> None:
        dossier = self.received()
        applicant = applicant_of(dossier)
        request_withdrawal(dossier, actor=person(applicant), reason="Không cần nữa")
        with self.assertWritesNothing(dossier, IllegalTransition):
            self.apologise(dossier)

    def test_a_decided_dossier_has_no_holder_to_apologise(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            issue_apology(
                dossier, actor=person(self.office.leader), extra_working_days=2, reason=REASON
            )
        self.assertEqual(Dossier.objects.get(pk=dossier.pk).deadline_state, DeadlineState.ON_TIME)
