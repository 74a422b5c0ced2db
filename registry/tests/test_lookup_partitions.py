"""registry 0005: on PostgreSQL the lookup log is partitioned by month; each lookup lands in
its month's partition, and going back to a plain table keeps every lookup."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import TestCase, TransactionTestCase

from core import clock, partitions
from core.testing import latest_migrations, migrate
from registry.models import Lookup

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions are a PostgreSQL feature"
)


def _lookup(at: datetime) -> Lookup:
    return Lookup.objects.create(
        at=at, id_number="001090000019", purpose="Kiểm tra", actor_name="Cán bộ",
        source="embedded", outcome=Lookup.Outcome.FOUND,
    )  # fmt: skip


def _partition_of(lookup: Lookup) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM registry_lookup WHERE id = %s", [lookup.pk]
        )
        (name,) = cursor.fetchone()
    return str(name)


class LookupPartitionsTestCase(TestCase):
    def test_the_lookup_log_is_partitioned_by_month_on_its_time(self) -> None:
        (table,) = [t for t in partitions.partitioned_tables() if t.table == "registry_lookup"]
        self.assertEqual(table.column, "at")
        self.assertIn(clock.now().astimezone(HANOI).date().replace(day=1), table.months)

    def test_a_lookup_lands_in_its_local_month(self) -> None:
        # 06:00 on 1 January in Hà Nội: still 31 December in UTC.
        lookup = _lookup(datetime(2027, 1, 1, 6, 0, tzinfo=HANOI))

        self.assertEqual(_partition_of(lookup), "registry_lookup_p202701")


class LookupPartitionsMigrationTestCase(TransactionTestCase):
    def tearDown(self) -> None:
        migrate(latest_migrations())

    def test_going_back_and_forth_keeps_every_lookup(self) -> None:
        kept = [_lookup(clock.now()).pk, _lookup(datetime(2020, 5, 4, tzinfo=HANOI)).pk]

        old = migrate([("registry", "0004_more_household_relations")])
        self.assertEqual(
            sorted(old.get_model("registry", "Lookup").objects.values_list("pk", flat=True)), kept
        )
        migrate(latest_migrations())

        self.assertEqual(sorted(Lookup.objects.values_list("pk", flat=True)), kept)
        self.assertEqual(_partition_of(Lookup.objects.get(pk=kept[1])), "registry_lookup_p202005")
