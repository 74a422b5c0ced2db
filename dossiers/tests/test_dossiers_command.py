from __future__ import annotations

from datetime import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TestCase

from dossiers.models import DeadlineState
from dossiers.testing import Office, create_procedure, create_received_dossier
from workdays.calendar import TZ


class ScanDeadlinesCommandTestCase(TestCase):
    def test_it_reports_what_it_marked(self) -> None:
        office = Office.create()
        with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=TZ), tick=False):
            dossier = create_received_dossier(create_procedure(), office)
        out = StringIO()
        with time_machine.travel(datetime(2026, 6, 5, 9, 0, tzinfo=TZ), tick=False):
            call_command("dossiers", "scan-deadlines", stdout=out)
        self.assertIn("Quá hạn mới: 1", out.getvalue())
        dossier.refresh_from_db()
        self.assertEqual(dossier.deadline_state, DeadlineState.OVERDUE)
