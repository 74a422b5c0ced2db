"""forward: the holder of a step passes the dossier to the workflow's next step."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from core.testing import create_officer
from dossiers.actions import DossierError, assign, consult, forward
from dossiers.actors import person
from dossiers.models import EventType, Status
from dossiers.testing import (
    ActionTestCase,
    Office,
    create_dossier_at_last_step,
    create_received_dossier,
    create_supplement_requested_dossier,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # step 1 due Wednesday 3 June 17:00


class ForwardTestCase(ActionTestCase):
    def test_the_dossier_moves_to_the_next_step_and_its_role(self) -> None:
        received = create_received_dossier(self.version, self.office)
        dossier = forward(received, actor=person(self.office.specialist))
        self.assertEqual(dossier.current_step, dossier.workflow.steps.get(position=2))
        self.assertEqual(
            (dossier.current_role, dossier.current_unit), (Role.LEADER, self.office.unit)
        )
        self.assertEqual(dossier.status, Status.IN_PROGRESS)

    def test_the_next_step_starts_unassigned_with_its_own_share_of_time(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            received = create_received_dossier(self.version, self.office)
            assign(received, actor=person(self.office.leader), assignee=self.office.specialist)
            dossier = forward(received, actor=person(self.office.specialist))
        self.assertIsNone(dossier.assignee)
        # One working day for the leader, from Monday: Tuesday 17:00.
        self.assertEqual(dossier.step_due_at, datetime(2026, 6, 2, 17, 0, tzinfo=TZ))

    def test_it_writes_one_event_naming_the_step_left_and_the_next(self) -> None:
        received = create_received_dossier(self.version, self.office)
        dossier = forward(received, actor=person(self.office.specialist), note="Đủ điều kiện")
        event = self.new_event(dossier, received.event_count)
        self.assertEvent(event, EventType.FORWARDED, Status.IN_PROGRESS, Status.IN_PROGRESS)
        self.assertEqual((event.step, event.reason), (received.current_step, "Đủ điều kiện"))
        self.assertEqual(
            event.parameters,
            {"to_step": dossier.current_step.name, "to_unit": self.office.unit.code},
        )
        self.assertFalse(Notification.objects.filter(event_id=event.pk).exists())

    def test_a_step_left_after_its_share_of_time_records_who_held_it(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            received = create_received_dossier(self.version, self.office)
        with time_machine.travel(datetime(2026, 6, 4, 9, 0, tzinfo=TZ), tick=False):
            dossier = forward(received, actor=person(self.office.specialist))
        event = self.new_event(dossier, received.event_count)
        self.assertTrue(event.parameters["step_overdue"])
        self.assertEqual(event.parameters["held_by"]["step_id"], received.current_step_id)

    def test_the_leader_may_not_forward_the_specialists_step(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            forward(dossier, actor=person(self.office.leader))

    def test_the_desk_may_not_forward(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            forward(dossier, actor=person(self.office.desk))

    def test_a_specialist_of_another_unit_may_not_forward(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        stranger = Office.create().specialist
        with self.assertWritesNothing(dossier, PermissionDenied):
            forward(dossier, actor=person(stranger))

    def test_once_assigned_another_specialist_may_not_forward(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        assign(dossier, actor=person(self.office.leader), assignee=self.office.specialist)
        colleague = create_officer(self.office.unit, roles=(Role.SPECIALIST,))
        with self.assertWritesNothing(dossier, PermissionDenied):
            forward(dossier, actor=person(colleague))

    def test_the_last_step_cannot_be_forwarded(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            forward(dossier, actor=person(self.office.leader))

    def test_a_dossier_waiting_for_an_opinion_cannot_move_on(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        other = Office.create().unit
        consult(dossier, actor=person(self.office.specialist), to_unit=other, question="Xác minh?")
        with self.assertWritesNothing(dossier, IllegalTransition):
            forward(dossier, actor=person(self.office.specialist))

    def test_a_dossier_waiting_for_papers_cannot_move_on(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, IllegalTransition):
            forward(dossier, actor=person(self.office.specialist))
