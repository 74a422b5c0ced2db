"""The current time, as the domain sees it.

Everything that records when something happened asks ``clock.now()``. ``clock.at(moment)``
sets it for a block: used to load history (the demo's past dossiers, imports from an earlier
system) so that every rule and event is applied as it would have been at that time.

``clock.wall()`` is the machine's time, never moved by ``at``: for operational bookkeeping
that must follow real time even while history is replayed — worker leases and retry times,
one-time codes and sign-in windows, chain anchors, storage clean-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_fixed: ContextVar[datetime | None] = ContextVar("motcua_clock", default=None)


def now() -> datetime:
    return _fixed.get() or timezone.now()


def wall() -> datetime:
    """Real time, for operations (leases, retries, code expiry, anchors), not for the domain."""
    return timezone.now()


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    if timezone.is_naive(moment):
        raise ValueError("clock.at needs an aware datetime")
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)


def today() -> date:
    """The local date of ``now()`` (Vietnam's time zone: the project's TIME_ZONE)."""
    return timezone.localdate(now())
