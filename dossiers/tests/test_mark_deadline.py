"""mark_deadline: the system (never a person) records once that an open dossier became due
soon or overdue, and whom the delay belongs to."""

from __future__ import annotations

from datetime import datetime

import time_machine

from dossiers import access
from dossiers.actions import assign, mark_deadline
from dossiers.actors import person
from dossiers.models import DeadlineState, Dossier, EventType, Status
from dossiers.testing import (
    ActionTestCase,
    create_decided_dossier,
    create_overdue_dossier,
    create_received_dossier,
    create_supplement_requested_dossier,
    reload,
)
from dossiers.workflow import Action
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 4 June 17:00
FRIDAY_9H = datetime(2026, 6, 5, 9, 0, tzinfo=TZ)


class MarkDeadlineTestCase(ActionTestCase):
    def received(self) -> Dossier:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_received_dossier(self.version, self.office)
            return assign(
                dossier, actor=person(self.office.leader), assignee=self.office.specialist
            )

    def test_an_overdue_dossier_is_marked(self) -> None:
        dossier = create_overdue_dossier(self.version, self.office)
        self.assertEqual(
            (dossier.deadline_state, dossier.status), (DeadlineState.OVERDUE, Status.IN_PROGRESS)
        )

    def test_it_writes_one_event_by_the_system_naming_who_held_it(self) -> None:
        received = self.received()
        with time_machine.travel(FRIDAY_9H, tick=False):
            self.assertTrue(mark_deadline(received, DeadlineState.OVERDUE))
        event = self.new_event(received, received.event_count)
        self.assertEvent(event, EventType.OVERDUE, Status.IN_PROGRESS, Status.IN_PROGRESS)
        self.assertEqual((event.actor, event.actor_name, event.actor_role), (None, "Hệ thống", ""))
        self.assertTrue(event.parameters["without_apology"])
        self.assertEqual(event.parameters["attributed_to"]["officer"], self.office.specialist.pk)
        self.assertEqual(
            datetime.fromisoformat(event.parameters["due_at"]),
            datetime(2026, 6, 4, 17, 0, tzinfo=TZ),
        )

    def test_due_soon_is_marked_with_the_holder(self) -> None:
        received = self.received()
        self.assertTrue(mark_deadline(received, DeadlineState.DUE_SOON))
        event = self.new_event(received, received.event_count)
        self.assertEqual(event.type, EventType.DUE_SOON)
        self.assertNotIn("without_apology", event.parameters)
        self.assertEqual(reload(received).deadline_state, DeadlineState.DUE_SOON)

    def test_a_dossier_is_marked_once(self) -> None:
        dossier = create_overdue_dossier(self.version, self.office)
        self.assertFalse(mark_deadline(dossier, DeadlineState.OVERDUE))
        self.assertEqual(dossier.events.filter(type=EventType.OVERDUE).count(), 1)

    def test_a_paused_dossier_is_not_marked(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        self.assertFalse(mark_deadline(dossier, DeadlineState.OVERDUE))
        after = reload(dossier)
        self.assertEqual(
            (after.deadline_state, after.event_count), (DeadlineState.ON_TIME, dossier.event_count)
        )

    def test_a_decided_dossier_is_not_marked(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        self.assertFalse(mark_deadline(dossier, DeadlineState.OVERDUE))
        self.assertEqual(reload(dossier).event_count, dossier.event_count)

    def test_no_officer_may_mark_a_deadline(self) -> None:
        dossier = self.received()
        for officer in (self.office.leader, self.office.specialist, self.office.desk):
            for action in (Action.MARK_OVERDUE, Action.MARK_DUE_SOON):
                with self.subTest(officer=officer.username, action=action):
                    self.assertFalse(access.can_act_on(officer, dossier, action))
