"""Monthly partitions for the tables that only grow (logs, histories), on PostgreSQL.

A table is turned into one partitioned by month on a timestamp column by a migration
(``partition_by_month``); from then on the parent is what Django reads and writes, and
PostgreSQL sends each row to its month. Old months can be detached and archived whole, and
the indexes of a month stay small. SQLite has no partitions: there the operations do nothing.

Each partitioned table keeps:
- one partition per calendar month (Asia/Ho_Chi_Minh months, since the periods people ask
  for are local), named ``<table>_pYYYYMM``;
- a default partition ``<table>_pdefault`` that catches a row whose month has no partition
  yet, so a late ``ensure`` never loses a write. ``ensure`` moves such rows into the month's
  partition when it creates it.

``ensure`` creates the partitions of the months ahead; the worker runs it as a sweep
(``sweep``) and ``manage.py partitions`` shows them. What is partitioned is read from the
database's own catalog, so this module names no app's tables.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.utils import CursorWrapper
from django.db.migrations.state import StateApps

from core import clock

logger = logging.getLogger(__name__)

MigrationStep = Callable[[StateApps, BaseDatabaseSchemaEditor], None]

# Months are local months.
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Partitions kept ready ahead of the current month.
MONTHS_AHEAD = 3


@dataclass(frozen=True)
class Partitioned:
    table: str
    column: str
    months: tuple[date, ...]  # the first day of each month with a partition
    default_rows: int  # rows waiting in the default partition


def _month(day: date, shift: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


def _bound(month: date) -> str:
    # A local midnight, written with its offset so the server's time zone plays no part.
    return datetime(month.year, month.month, 1, tzinfo=ZONE).isoformat()


def _name(table: str, month: date) -> str:
    return f"{table}_p{month:%Y%m}"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _sql(template: str, **names: str) -> str:
    """``template`` with the identifiers ``names`` quoted in (values go as parameters)."""
    return template.format(**{key: _quote(value) for key, value in names.items()})


def _create_month(cursor: CursorWrapper, table: str, column: str, month: date) -> None:
    """Create ``month``'s partition, taking over the rows the default partition holds for it."""
    names = {"table": table, "part": _name(table, month), "default": f"{table}_pdefault"}
    low, high = _bound(month), _bound(_month(month, 1))
    # A default partition that holds rows of this month would make the new partition's
    # bounds overlap it: detach it, move those rows through the parent, attach it again.
    cursor.execute(_sql("ALTER TABLE {table} DETACH PARTITION {default}", **names))
    cursor.execute(
        _sql("CREATE TABLE {part} PARTITION OF {table} FOR VALUES FROM (%s) TO (%s)", **names),
        [low, high],
    )
    cursor.execute(
        _sql(
            "WITH moved AS (DELETE FROM {default} WHERE {column} >= %s AND {column} < %s "
            "RETURNING *) INSERT INTO {table} SELECT * FROM moved",
            column=column,
            **names,
        ),
        [low, high],
    )
    cursor.execute(_sql("ALTER TABLE {table} ATTACH PARTITION {default} DEFAULT", **names))


def partitioned_tables() -> list[Partitioned]:
    """The tables partitioned by month here (none on SQLite)."""
    if connection.vendor != "postgresql":
        return []
    found: list[Partitioned] = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname
            FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
            WHERE p.partstrat = 'r' AND p.partnatts = 1
            ORDER BY c.relname
            """
        )
        tables = cursor.fetchall()
        for table, column in tables:
            cursor.execute(
                "SELECT child.relname FROM pg_inherits i "
                "JOIN pg_class child ON child.oid = i.inhrelid "
                "WHERE i.inhparent = %s::regclass",
                [table],
            )
            months = sorted(
                date(int(name[-6:-2]), int(name[-2:]), 1)
                for (name,) in cursor.fetchall()
                if name.startswith(f"{table}_p") and name[-6:].isdigit()
            )
            cursor.execute(_sql("SELECT count(*) FROM {default}", default=f"{table}_pdefault"))
            (waiting,) = cursor.fetchone()
            found.append(Partitioned(table, column, tuple(months), int(waiting)))
    return found


def ensure(
    *, today: date | None = None, ahead: int = MONTHS_AHEAD, since: date | None = None
) -> list[str]:
    """Create the missing partitions from this month (or from ``since``'s month, for a load
    of past data) to ``ahead`` months on, for every table partitioned by month; return their
    names. Rows that waited in a default partition move into their month's partition when it
    is created, whatever month that is."""
    if connection.vendor != "postgresql":
        return []
    today = today or clock.now().astimezone(ZONE).date()
    first = _month(min(since, today)) if since else _month(today)
    wanted = [first]
    while wanted[-1] < _month(today, ahead):
        wanted.append(_month(wanted[-1], 1))
    created: list[str] = []
    for table in partitioned_tables():
        months = set(wanted) - set(table.months)
        if table.default_rows:
            months |= _waiting_months(table) - set(table.months)
        for month in sorted(months):
            # One transaction a month: the parent is locked only while its month is added.
            with transaction.atomic(), connection.cursor() as cursor:
                _create_month(cursor, table.table, table.column, month)
            created.append(_name(table.table, month))
    if created:
        logger.info("Partitions created: %s", ", ".join(created))
    return created


def _waiting_months(table: Partitioned) -> set[date]:
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(
                "SELECT DISTINCT date_trunc('month', {column} AT TIME ZONE %s)::date "
                "FROM {default}",
                column=table.column,
                default=f"{table.table}_pdefault",
            ),
            [str(ZONE)],
        )
        return {row[0] for row in cursor.fetchall()}


def sweep() -> int:
    """The worker's sweep: partitions for the months ahead (a catalog read when none is due)."""
    return len(ensure())


# Migrations ----------------------------------------------------------------------------------


# Marks a unique key that took the partition column in (see ``_definitions``).
WIDENED = "core.partitions: widened with the partition column"


def _definitions(
    cursor: CursorWrapper, table: str, column: str, *, partitioned: bool
) -> tuple[list[str], list[str]]:
    """The table's index statements (but the primary key's) and its constraint statements
    (foreign and unique keys), to be made again on the rebuilt table under the same names.

    A partitioned table's unique key must hold the partition column: a unique key without it
    takes it in (and is marked so, to lose it again on the way back). What it guaranteed alone
    is then up to whoever writes the rows (for dossier events: the dossier's row lock)."""
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
        "AND c.contype IN ('u', 'x'))",
        [table],
    )
    indexes = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid), "
        "coalesce(obj_description(oid, 'pg_constraint'), '') FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'u', 'x') ORDER BY conname",
        [table],
    )
    constraints: list[str] = []
    for name, kind, definition, comment in cursor.fetchall():
        widen = False
        if kind == "u":
            # "UNIQUE (dossier_id, seq)": the columns, as the catalog writes them.
            head, _, inner = definition.partition("(")
            columns = [part.strip().strip('"') for part in inner.rstrip(")").split(",")]
            if partitioned and column not in columns:
                columns.append(column)
                widen = True
            elif not partitioned and comment == WIDENED and columns[-1] == column:
                columns.pop()
            definition = f"{head}({', '.join(_quote(part) for part in columns)})"
        constraints.append(
            _sql("ALTER TABLE {table} ADD CONSTRAINT {name} ", table=table, name=name) + definition
        )
        if widen:
            constraints.append(
                _sql("COMMENT ON CONSTRAINT {name} ON {table} IS ", name=name, table=table)
                + f"'{WIDENED}'"
            )
    return indexes, constraints


def _rebuild(table: str, column: str, *, partitioned: bool) -> None:
    """Rebuild ``table`` partitioned by month on ``column`` (or back to a plain table), with
    its rows, columns, defaults, identity, checks, indexes and foreign keys."""
    new = f"{table}__rebuilt"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        if referenced := [row[0] for row in cursor.fetchall()]:
            raise ValueError(f"{table} is referenced by foreign keys ({', '.join(referenced)}).")
        indexes, constraints = _definitions(cursor, table, column, partitioned=partitioned)
        # Deferred foreign-key checks of rows written earlier in this transaction would keep
        # the old table from being dropped: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        names = {"table": table, "new": new, "column": column, "default": f"{table}_pdefault"}
        cursor.execute(_sql("SELECT min({column}) FROM {table}", **names))
        (oldest,) = cursor.fetchone()
        cursor.execute(
            _sql(
                "CREATE TABLE {new} (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY "
                "INCLUDING CONSTRAINTS INCLUDING GENERATED)"
                + (" PARTITION BY RANGE ({column})" if partitioned else ""),
                **names,
            )
        )
        # A partitioned table's unique keys must hold the partition column.
        key = "id, {column}" if partitioned else "id"
        cursor.execute(_sql("ALTER TABLE {new} ADD PRIMARY KEY (" + key + ")", **names))
        if partitioned:
            cursor.execute(_sql("CREATE TABLE {default} PARTITION OF {new} DEFAULT", **names))
            this_month = _month(clock.now().astimezone(ZONE).date())
            month = _month(oldest.astimezone(ZONE).date()) if oldest else this_month
            while month <= _month(this_month, MONTHS_AHEAD):
                cursor.execute(
                    _sql(
                        "CREATE TABLE {part} PARTITION OF {new} FOR VALUES FROM (%s) TO (%s)",
                        part=_name(table, month),
                        **names,
                    ),
                    [_bound(month), _bound(_month(month, 1))],
                )
                month = _month(month, 1)
        cursor.execute(_sql("INSERT INTO {new} SELECT * FROM {table}", **names))
        # The old table's partitions, if any, go with it.
        cursor.execute(_sql("DROP TABLE {table}", **names))
        cursor.execute(_sql("ALTER TABLE {new} RENAME TO {table}", **names))
        # The names the table had, for its key and its identity's sequence.
        cursor.execute(
            _sql(
                "ALTER TABLE {table} RENAME CONSTRAINT {built} TO {key}",
                built=f"{new}_pkey",
                key=f"{table}_pkey",
                **names,
            )
        )
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            _sql("ALTER SEQUENCE " + sequence + " RENAME TO {name}", name=f"{table}_id_seq")
        )
        cursor.execute(
            _sql(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "coalesce((SELECT max(id) FROM {table}), 0) + 1, false)",
                **names,
            ),
            [table],
        )
        for statement in indexes + constraints:
            cursor.execute(statement)


def partition_by_month(table: str, column: str) -> tuple[MigrationStep, MigrationStep]:
    """The forward and backward functions of a ``RunPython`` that partitions ``table`` by
    month on ``column`` (PostgreSQL only; on SQLite both do nothing)."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            _rebuild(table, column, partitioned=True)

    def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            _rebuild(table, column, partitioned=False)

    return forwards, backwards
