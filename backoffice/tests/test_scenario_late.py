from __future__ import annotations

from datetime import datetime

import time_machine
from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.actions import assign, scan_deadlines
from dossiers.actors import person
from dossiers.models import DeadlineState, EventType
from dossiers.testing import create_received_dossier
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # 3 working days: due Thursday 4 June 17:00


class LateDossierTestCase(ScenarioTestCase):
    def received(self):
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_received_dossier(self.version, self.office)
            return assign(
                dossier, actor=person(self.office.leader), assignee=self.office.specialist
            )

    def test_an_apology_before_the_due_date_sets_a_new_date_once(self) -> None:
        dossier = self.received()
        with time_machine.travel(datetime(2026, 6, 3, 10, 0, tzinfo=TZ), tick=False):
            self.act(
                self.office.specialist,
                dossier,
                "apologize",
                extra_working_days=2,
                reason="Chờ xác minh",
            )
            dossier = self.reload(dossier)
            self.assertEqual(dossier.due_at, datetime(2026, 6, 8, 17, 0, tzinfo=TZ))
            messages = self.act(
                self.office.leader, dossier, "apologize", extra_working_days=1, reason="Lần hai"
            )
        self.assertIn("một lần", messages[0])
        self.assertEqual(self.reload(dossier).due_at, datetime(2026, 6, 8, 17, 0, tzinfo=TZ))

    def test_the_delay_is_attributed_to_who_held_the_dossier(self) -> None:
        dossier = self.received()
        with time_machine.travel(datetime(2026, 6, 3, 10, 0, tzinfo=TZ), tick=False):
            self.act(
                self.office.specialist,
                dossier,
                "apologize",
                extra_working_days=2,
                reason="Chờ xác minh",
            )
        event = self.reload(dossier).events.get(type=EventType.APOLOGY_ISSUED)
        self.assertEqual(event.attributed_unit, self.office.unit)
        self.assertEqual(event.attributed_step, dossier.current_step)
        self.assertEqual(event.attributed_officer, self.office.specialist)
        self.assertEqual(self.reload(dossier).slips.last().kind, "apology")

    def test_an_apology_after_the_due_date_is_refused(self) -> None:
        dossier = self.received()
        with time_machine.travel(datetime(2026, 6, 5, 9, 0, tzinfo=TZ), tick=False):
            messages = self.act(
                self.office.leader, dossier, "apologize", extra_working_days=2, reason="Muộn"
            )
        self.assertIn("trước ngày hẹn", messages[0])
        self.assertIsNone(self.reload(dossier).apology_at)

    def test_the_scan_marks_due_soon_then_overdue_without_apology(self) -> None:
        dossier = self.received()
        with time_machine.travel(datetime(2026, 6, 3, 16, 0, tzinfo=TZ), tick=False):
            self.assertEqual(scan_deadlines()["due_soon"], 1)
        with time_machine.travel(datetime(2026, 6, 5, 9, 0, tzinfo=TZ), tick=False):
            self.assertEqual(scan_deadlines()["overdue"], 1)
            self.assertEqual(scan_deadlines()["overdue"], 0)  # marked once
        dossier = self.reload(dossier)
        self.assertEqual(dossier.deadline_state, DeadlineState.OVERDUE)
        overdue = dossier.events.get(type=EventType.OVERDUE)
        self.assertTrue(overdue.without_apology)
        self.assertEqual(overdue.attributed_officer, self.office.specialist)

    def test_inspectors_see_the_overdue_dossier_flagged(self) -> None:
        from accounts.models import Role
        from core.testing import create_officer

        dossier = self.received()
        with time_machine.travel(datetime(2026, 6, 5, 9, 0, tzinfo=TZ), tick=False):
            scan_deadlines()
        inspector = create_officer(self.office.unit, roles=(Role.INSPECTOR,))
        self.client.force_login(inspector)
        response = self.client.get(reverse("backoffice:violations"))
        self.assertContains(response, dossier.code)
        self.assertContains(response, "chưa xin lỗi")

    def test_a_paused_dossier_is_not_marked_overdue(self) -> None:
        dossier = self.received()
        component = dossier.components.first().component_id
        with time_machine.travel(datetime(2026, 6, 2, 9, 0, tzinfo=TZ), tick=False):
            self.act(
                self.office.specialist,
                dossier,
                "request_supplement",
                components=[component],
                reason="Mờ",
            )
        with time_machine.travel(datetime(2026, 6, 10, 9, 0, tzinfo=TZ), tick=False):
            self.assertEqual(scan_deadlines()["overdue"], 0)
