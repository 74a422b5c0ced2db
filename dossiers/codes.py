"""Dossier codes: ``<receiving unit code>-<yymmdd>-<4-digit sequence>`` (DOMAIN §2.6)."""

from __future__ import annotations

from datetime import date

from django.db import connection

from dossiers.models import CodeSequence, Dossier
from units.models import GovernmentUnit


def next_code(unit: GovernmentUnit, day: date) -> str:
    """The next code of ``unit`` on ``day``. Call inside the transaction that stores it.

    One statement increments the counter and reads it back; the row stays locked until the
    transaction ends, so concurrent submissions queue and numbers are consecutive. A rolled
    back submission rolls back its number too, so there are no gaps.
    """
    return next_code_and_id(unit, day)[0]


def next_code_and_id(unit: GovernmentUnit, day: date) -> tuple[str, int | None]:
    """``next_code``, and on PostgreSQL the new dossier's id drawn from its table's sequence in
    the same statement (None elsewhere): a dossier whose id is known before its row is written
    is inserted with its first event's hash, without a second statement to record it."""
    table = CodeSequence._meta.db_table
    draw = ""
    if connection.vendor == "postgresql":
        draw = f", nextval(pg_get_serial_sequence('{Dossier._meta.db_table}', 'id'))"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (unit_id, day) DO UPDATE SET last = {table}.last + 1 "
            f"RETURNING last{draw}",
            [unit.pk, day],
        )
        number, *drawn = cursor.fetchone()
    return f"{unit.code}-{day:%y%m%d}-{number:04d}", drawn[0] if drawn else None
