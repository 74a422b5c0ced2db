"""Dossier codes: ``<receiving unit code>-<yymmdd>-<4-digit sequence>`` (DOMAIN §2.6)."""

from __future__ import annotations

from datetime import date

from django.db import connection

from dossiers.models import CodeSequence
from units.models import GovernmentUnit


def next_code(unit: GovernmentUnit, day: date) -> str:
    """The next code of ``unit`` on ``day``. Call inside the transaction that stores it.

    One statement increments the counter and reads it back; the row stays locked until the
    transaction ends, so concurrent submissions queue and numbers are consecutive. A rolled
    back submission rolls back its number too, so there are no gaps.
    """
    table = CodeSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (unit_id, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [unit.pk, day],
        )
        (number,) = cursor.fetchone()
    return f"{unit.code}-{day:%y%m%d}-{number:04d}"
