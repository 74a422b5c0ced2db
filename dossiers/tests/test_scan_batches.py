"""The deadline scan reads its candidates in batches, by keyset, and marks each dossier in a
fixed number of queries (the number of dossiers marked does not change the cost of each)."""

from __future__ import annotations

from datetime import datetime

import time_machine

from dossiers.actions import scan_deadlines
from dossiers.models import DeadlineState, Dossier, EventType
from dossiers.testing import ActionTestCase, create_received_dossier, reload
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 4 June 17:00
FRIDAY_9H = datetime(2026, 6, 5, 9, 0, tzinfo=TZ)


class ScanBatchesTestCase(ActionTestCase):
    def received(self, count: int) -> list[Dossier]:
        with time_machine.travel(MONDAY_9H, tick=False):
            return [create_received_dossier(self.version, self.office) for _ in range(count)]

    def scan(self, batch: int = 500) -> dict[str, int]:
        with time_machine.travel(FRIDAY_9H, tick=False):
            return scan_deadlines(batch=batch)

    def test_every_batch_is_marked(self) -> None:
        dossiers = self.received(5)
        self.assertEqual(self.scan(batch=2), {"overdue": 5, "due_soon": 0})
        for dossier in dossiers:
            self.assertEqual(reload(dossier).deadline_state, DeadlineState.OVERDUE)
            self.assertEqual(dossier.events.filter(type=EventType.OVERDUE).count(), 1)

    def test_nothing_to_do_is_four_queries(self) -> None:
        """The overdue candidates, the calendar (overrides, swaps), the due-soon candidates."""
        self.received(3)
        self.scan()
        with self.assertNumQueries(4):
            self.assertEqual(self.scan(), {"overdue": 0, "due_soon": 0})

    def test_each_dossier_marked_costs_the_same(self) -> None:
        """Per dossier: the lock (with its holder), the state, the delay's first overrun
        step, the event and the chain head, within the savepoint of its transaction."""
        self.received(1)
        with self.assertNumQueries(4 + 7):
            self.scan()
        self.received(3)
        with self.assertNumQueries(4 + 3 * 7):
            self.scan()
