from __future__ import annotations

from datetime import datetime

import time_machine
from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.actions import scan_deadlines
from dossiers.models import DeadlineState, EventType
from dossiers.testing import create_received_dossier
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 4 June 17:00; step 1 Wed 17:00


class LateFinishTestCase(ScenarioTestCase):
    def received(self):
        with time_machine.travel(MONDAY_9H, tick=False):
            return create_received_dossier(self.version, self.office)

    def test_a_dossier_decided_after_its_due_date_is_recorded_as_late(self) -> None:
        dossier = self.received()
        with time_machine.travel(datetime(2026, 6, 5, 8, 30, tzinfo=TZ), tick=False):
            self.act(self.office.specialist, dossier, "forward")
            self.act(self.office.leader, dossier, "approve")
            scan_deadlines()
        dossier = self.reload(dossier)
        self.assertEqual(dossier.deadline_state, DeadlineState.OVERDUE)
        approved = dossier.events.get(type=EventType.APPROVED)
        self.assertTrue(approved.finished_late)
        self.assertTrue(approved.without_apology)

    def test_the_delay_belongs_to_the_step_that_overran(self) -> None:
        dossier = self.received()
        # The specialist's share ended Wednesday; they forward on Thursday at 16:50.
        with time_machine.travel(datetime(2026, 6, 4, 16, 50, tzinfo=TZ), tick=False):
            self.act(self.office.specialist, dossier, "forward")
        with time_machine.travel(datetime(2026, 6, 4, 17, 5, tzinfo=TZ), tick=False):
            scan_deadlines()
        overdue = self.reload(dossier).events.get(type=EventType.OVERDUE)
        self.assertEqual(
            overdue.attributed_step_id,
            self.version.workflows.get().steps.get(position=1).pk,
        )

    def test_inspectors_see_a_dossier_that_finished_late(self) -> None:
        from accounts.models import Role
        from core.testing import create_officer

        dossier = self.received()
        with time_machine.travel(datetime(2026, 6, 5, 8, 30, tzinfo=TZ), tick=False):
            self.act(self.office.specialist, dossier, "forward")
            self.act(self.office.leader, dossier, "approve")
        self.client.force_login(create_officer(self.office.unit, roles=(Role.INSPECTOR,)))
        response = self.client.get(reverse("backoffice:violations"))
        self.assertContains(response, dossier.code)
        self.assertContains(response, "xong sau hạn")
