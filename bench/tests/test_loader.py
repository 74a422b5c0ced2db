"""The synthetic dossiers: chains that verify, statuses that agree with their events, and
(on PostgreSQL) a load by COPY that the chain verification and the pages accept."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import TransactionTestCase

from bench.loader import (
    STATUS_WEIGHTS,
    Commune,
    Plan,
    Procedure,
    _Builder,
    load,
)
from dossiers.events import verify_dossier
from dossiers.models import AT_A_STEP, CLOCK_RUNNING, CLOSED, Dossier, DossierEvent

PLAN = Plan(
    procedures=[
        Procedure(1, 1, ((11, "Thụ lý", "specialist", 2), (12, "Phê duyệt", "leader", 1)),
                  ((21, False, ""), (22, True, "population_registry")), 5),
        Procedure(2, 2, ((13, "Thụ lý", "specialist", 3),), ((23, False, ""),), 3),
    ],
    communes=[Commune(100, "000.10.01.H26", ((101, "002.10.01.H26"), (102, "001.10.01.H26"))),
              Commune(200, "000.10.02.H26", ((201, "002.10.02.H26"),))],
    file_name="bench/thanh-phan.pdf",
    today=date(2026, 12, 3),
    start_id=1,
)  # fmt: skip


def _events(rows: list[dict[str, object]]) -> list[DossierEvent]:
    fields = {f.attname for f in DossierEvent._meta.concrete_fields}
    return [DossierEvent(**{k: v for k, v in row.items() if k in fields}) for row in rows]


def test_built_dossiers_have_chains_that_verify_and_agree_with_their_status() -> None:
    builder = _Builder(PLAN, 0, 1)
    statuses: Counter[str] = Counter()
    events_total = 0
    codes = set()
    for pk in range(1, 1201):
        row, components, built = builder.dossier(pk)
        events = _events([vars(e) for e in built])
        problems = list(
            verify_dossier(
                str(row["code"]), len(events), events[-1].hash, events, str(row["status"])
            )
        )
        assert problems == []
        assert events[0].type == "submitted" and events[0].channel == row["channel"]
        assert 1 <= len(components) <= 4
        statuses[str(row["status"])] += 1
        events_total += len(events)
        codes.add(row["code"])
        if row["status"] in AT_A_STEP:
            assert row["current_step_id"] and row["current_unit_id"] == row["competent_unit_id"]
            assert row["due_at"] is not None
        if row["status"] in CLOSED:
            assert row.get("closed_at") is not None
        if row["deadline_state"] == "overdue":
            assert any(e.type == "overdue" and e.late for e in events)
        elif row["status"] in CLOCK_RUNNING:  # nothing left for the scan to find
            assert row["due_at"] > builder.now + timedelta(days=3)
    assert len(codes) == 1200  # one sequence per receiving unit and day
    assert set(statuses) <= {s.split("_1")[0].split("_2")[0] for s in STATUS_WEIGHTS}
    assert statuses["returned"] > 600  # most are closed
    assert statuses["in_progress"] > 50 and statuses["submitted"] > 10  # open at every step
    assert 3.5 < events_total / 1200 < 5.5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
class LoadTests(TransactionTestCase):
    def test_load_by_copy_verifies_and_serves_the_lookup(self) -> None:
        from dossiers.access import find_for_lookup
        from dossiers.events import verify_all
        from dossiers.models import DossierComponent
        from dossiers.testing import Commune as TestCommune
        from dossiers.testing import create_procedure
        from units.models import GovernmentUnit

        TestCommune.create()
        create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))
        s = connection.settings_dict
        dsn = f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        report = load(300, dsn=dsn, processes=1)
        assert report.dossiers == Dossier.objects.count() == 300
        assert report.events == DossierEvent.objects.count()
        assert report.components == DossierComponent.objects.count()
        assert list(verify_all()) == []
        dossier = Dossier.objects.order_by("?").first()
        assert dossier is not None
        assert find_for_lookup(dossier.code, dossier.applicant_id_number[-4:]) == dossier
        # A dossier made after the load takes the next id.
        assert Dossier.objects.order_by("-pk").values_list("pk", flat=True)[0] == 300 + (
            Dossier.objects.order_by("pk").values_list("pk", flat=True)[0] - 1
        )

    def test_indexes_dropped_for_the_copy_come_back_on_every_partition(self) -> None:
        from dossiers.testing import Commune as TestCommune
        from dossiers.testing import create_procedure
        from units.models import GovernmentUnit

        TestCommune.create()
        create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))
        before = _indexes()
        s = connection.settings_dict
        dsn = f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        load(50, dsn=dsn, processes=1, rebuild_indexes=True)
        assert _indexes() == before
        assert any(table.startswith("dossiers_dossierevent_p") for table, _n in before)


def _indexes() -> set[tuple[str, int]]:
    """(table, number of valid indexes) of the loaded tables and their partitions."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, count(*) FILTER (WHERE i.indisvalid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname LIKE 'dossiers_dossier%%' "
            "GROUP BY c.relname"
        )
        return {(str(table), int(n)) for table, n in cur.fetchall()}
