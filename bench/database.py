"""The benchmark's own PostgreSQL database: made, migrated, loaded, and reused when it is
already loaded at the size asked for with the migrations on disk (a marker row says so)."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ADMIN_DSN = "postgresql://motcua:motcua@127.0.0.1:5432/postgres"
MARKER_TABLE = "bench_marker"


def parse_size(text: str) -> int:
    """``100k``, ``1M``, ``10M`` or a plain number of dossiers."""
    raw = text.strip().lower().replace("_", "")
    factor = 1
    if raw.endswith("k"):
        factor, raw = 1000, raw[:-1]
    elif raw.endswith("m"):
        factor, raw = 1_000_000, raw[:-1]
    value = int(float(raw) * factor)
    if value < 1:
        raise ValueError(f"Not a number of dossiers: {text!r}")
    return value


def database_name(count: int) -> str:
    if count % 1_000_000 == 0:
        label = f"{count // 1_000_000}m"
    elif count % 1000 == 0:
        label = f"{count // 1000}k"
    else:
        label = str(count)
    return f"motcua_bench_{label}"


def dsn_for(name: str) -> str:
    return f"postgresql://motcua:motcua@127.0.0.1:5432/{name}"


def migration_state() -> str:
    """A digest of the migrations on disk (their graph's nodes): a new one means rebuild."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = sorted(f"{app}.{name}" for app, name in loader.graph.nodes)
    return hashlib.sha256("\n".join(nodes).encode()).hexdigest()[:16]


def read_marker(name: str) -> dict[str, Any] | None:
    try:
        with psycopg.connect(dsn_for(name), connect_timeout=5) as conn:
            row = conn.execute(
                f"SELECT value FROM {MARKER_TABLE} WHERE key = 'load'"  # noqa: S608
            ).fetchone()
    except psycopg.Error:
        return None
    if row is None:
        return None
    value = row[0]
    return value if isinstance(value, dict) else json.loads(value)


def write_marker(name: str, marker: dict[str, Any]) -> None:
    with psycopg.connect(dsn_for(name)) as conn:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text PRIMARY KEY, value jsonb)"
        )
        conn.execute(
            f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('load', %s) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(marker)],
        )


def recreate(name: str, var_dir: Path) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    shutil.rmtree(var_dir, ignore_errors=True)


def drop(name: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@dataclass
class Prepared:
    name: str
    reused: bool
    seconds: dict[str, float]
    counts: dict[str, int]


def prepare(count: int, var_dir: Path, *, fresh: bool, log: Any = print) -> Prepared:
    """The database loaded with ``count`` synthetic dossiers (built or reused)."""
    from django.core.management import call_command
    from django.db import connection

    from bench.loader import HISTORY_DAYS, load
    from core import clock, partitions

    name = database_name(count)
    state = migration_state()
    marker = None if fresh else read_marker(name)
    from bench.loader import LOADER_VERSION

    wanted = {"dossiers": count, "migrations": state, "loader": LOADER_VERSION}
    if marker and all(marker.get(k) == v for k, v in wanted.items()):
        log(f"Reusing {name}: {count:,} dossiers loaded {marker.get('loaded_at')}.")
        return Prepared(name, True, {}, marker.get("counts", {}))
    seconds: dict[str, float] = {}
    log(f"Building {name} ({count:,} dossiers)…")
    connection.close()
    recreate(name, var_dir)
    t = time.perf_counter()
    call_command("migrate", "--no-input", verbosity=0)
    seconds["migrate"] = time.perf_counter() - t
    t = time.perf_counter()
    call_command("demo", quiet_accounts=True, stdout=open("/dev/null", "w"))
    seconds["demo"] = time.perf_counter() - t
    log(f"  migrated in {seconds['migrate']:.0f} s, demo data in {seconds['demo']:.0f} s")
    # The months of the history to load get their partitions first (PostgreSQL partitions the
    # events by month, core.partitions), so no row waits in the default partition.
    partitions.ensure(since=(clock.now() - timedelta(days=HISTORY_DAYS + 31)).date())
    report = load(count, dsn=dsn_for(name))
    seconds["load"] = report.seconds
    seconds["analyze"] = report.analyze_seconds
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) dossiers_dossier")
    seconds["vacuum"] = time.perf_counter() - t
    counts = {
        "dossiers": report.dossiers,
        "components": report.components,
        "events": report.events,
    }
    log(
        f"  loaded {report.dossiers:,} dossiers, {report.components:,} components, "
        f"{report.events:,} events in {report.seconds:.0f} s "
        f"(rows built {report.build_seconds:.0f} s, COPY {report.copy_seconds:.0f} s over the "
        f"workers; indexes {report.index_seconds:.0f} s; ANALYZE {report.analyze_seconds:.0f} s)"
    )
    write_marker(
        name,
        {
            **wanted,
            "loaded_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "counts": counts,
            "seconds": seconds,
        },
    )
    return Prepared(name, False, seconds, counts)
