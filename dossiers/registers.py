"""Register numbers (số, quyển sổ) of results: each deciding body numbers the results of one
register (the procedure's ``register``: KS for births, CT-BS for certified copies…) from 1
each year.

A dossier's number is reserved once, in its own short transaction, before its result is
rendered and signed (the number is printed on it) and outside the dossier's row lock; a
decision made again after a conflict or a failure prints the number already reserved. Numbers
are consecutive under concurrency (one upsert, as ``dossiers.codes``); a dossier that, once
numbered, is not granted after all (rejected at the same step) leaves its number unused.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, connection, transaction

from dossiers.models import Dossier, RegisterEntry, RegisterSequence
from units.models import GovernmentUnit
from workdays.calendar import to_local


def reserve_number(
    dossier: Dossier, *, body: GovernmentUnit, register_code: str, at: datetime
) -> RegisterEntry:
    """The dossier's entry in ``body``'s register ``register_code`` for the year of ``at``;
    the one reserved before, if any, whatever body, register or year it names."""
    existing = RegisterEntry.objects.filter(dossier=dossier).first()
    if existing is not None:
        return existing
    year = to_local(at).year
    try:
        with transaction.atomic():
            return RegisterEntry.objects.create(
                dossier=dossier,
                body=body,
                register_code=register_code,
                year=year,
                number=_next_number(body, register_code, year),
                reserved_at=at,
            )
    except IntegrityError:
        # Another attempt at the same decision reserved first; rolling back gave its number
        # back to the sequence, and the dossier keeps the one it got.
        entry = RegisterEntry.objects.filter(dossier=dossier).first()
        if entry is None:
            raise
        return entry


def _next_number(body: GovernmentUnit, register_code: str, year: int) -> int:
    """One statement increments the counter and reads it back; the row stays locked until
    the reserving transaction ends (a few milliseconds), so reservations queue."""
    table = RegisterSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (body_id, register_code, year, last) "  # noqa: S608
            "VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (body_id, register_code, year) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [body.pk, register_code, year],
        )
        (number,) = cursor.fetchone()
    return int(number)
