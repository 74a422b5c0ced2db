"""dossiers 0013: on PostgreSQL the events are partitioned by month; a dossier whose history
spans months keeps one chain across them, and each event sits in its own month."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import TestCase

from dossiers import actions, events
from dossiers.actors import person
from dossiers.testing import Office, create_dossier, create_procedure

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions are a PostgreSQL feature"
)


class EventPartitionsTestCase(TestCase):
    def setUp(self) -> None:
        office = Office.create()
        with time_machine.travel(datetime(2027, 1, 29, 9, 0, tzinfo=HANOI), tick=False):
            self.dossier = create_dossier(create_procedure(), office)
            actions.accept_dossier(self.dossier, actor=person(office.desk))
        with time_machine.travel(datetime(2027, 2, 1, 9, 0, tzinfo=HANOI), tick=False):
            actions.forward(self.dossier, actor=person(office.specialist))

    def test_each_event_sits_in_its_month(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT seq, tableoid::regclass::text FROM dossiers_dossierevent "
                "WHERE dossier_id = %s ORDER BY seq",
                [self.dossier.pk],
            )
            placed = cursor.fetchall()

        self.assertEqual(
            placed,
            [
                (1, "dossiers_dossierevent_p202701"),
                (2, "dossiers_dossierevent_p202701"),
                (3, "dossiers_dossierevent_p202702"),
            ],
        )

    def test_the_chain_runs_across_the_months(self) -> None:
        self.dossier.refresh_from_db()
        history = list(self.dossier.events.order_by("seq"))

        problems = events.verify_dossier(
            self.dossier.code,
            self.dossier.event_count,
            self.dossier.last_event_hash,
            history,
            self.dossier.status,
        )

        self.assertEqual(list(problems), [])
