"""scan_deadlines: the scheduled scan marks the open dossiers due within one working day, and
those past their due date, each once."""

from __future__ import annotations

from datetime import datetime

import time_machine

from dossiers.actions import scan_deadlines
from dossiers.models import DeadlineState, Dossier, EventType
from dossiers.testing import (
    ActionTestCase,
    create_decided_dossier,
    create_received_dossier,
    create_supplement_requested_dossier,
    reload,
)
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 4 June 17:00
WEDNESDAY_16H = datetime(2026, 6, 3, 16, 0, tzinfo=TZ)
FRIDAY_9H = datetime(2026, 6, 5, 9, 0, tzinfo=TZ)


class ScanDeadlinesTestCase(ActionTestCase):
    def received(self) -> Dossier:
        with time_machine.travel(MONDAY_9H, tick=False):
            return create_received_dossier(self.version, self.office)

    def scan(self, at: datetime) -> dict[str, int]:
        with time_machine.travel(at, tick=False):
            return scan_deadlines()

    def test_a_dossier_due_within_a_working_day_is_due_soon(self) -> None:
        dossier = self.received()
        self.assertEqual(self.scan(WEDNESDAY_16H), {"due_soon": 1, "overdue": 0})
        self.assertEqual(reload(dossier).deadline_state, DeadlineState.DUE_SOON)

    def test_a_dossier_further_from_its_date_is_left_alone(self) -> None:
        dossier = self.received()
        self.assertEqual(self.scan(MONDAY_9H), {"due_soon": 0, "overdue": 0})
        self.assertEqual(reload(dossier).event_count, dossier.event_count)

    def test_a_dossier_past_its_date_is_overdue_once(self) -> None:
        dossier = self.received()
        self.assertEqual(self.scan(FRIDAY_9H)["overdue"], 1)
        self.assertEqual(self.scan(FRIDAY_9H)["overdue"], 0)
        self.assertEqual(dossier.events.filter(type=EventType.OVERDUE).count(), 1)

    def test_due_soon_then_overdue(self) -> None:
        dossier = self.received()
        self.scan(WEDNESDAY_16H)
        self.scan(FRIDAY_9H)
        types = list(dossier.events.values_list("type", flat=True))
        self.assertEqual(types[-2:], [EventType.DUE_SOON, EventType.OVERDUE])

    def test_a_paused_dossier_is_not_overdue(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            create_supplement_requested_dossier(self.version, self.office)
        self.assertEqual(self.scan(datetime(2026, 6, 10, 9, 0, tzinfo=TZ))["overdue"], 0)

    def test_a_decided_dossier_is_not_overdue(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            create_decided_dossier(self.version, self.office)
        self.assertEqual(self.scan(FRIDAY_9H)["overdue"], 0)
