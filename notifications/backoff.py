"""Retry timing shared by the outbox rows and the worker: capped exponential backoff with
jitter (so that many rows failing together do not all retry in the same second), and the
lease a worker holds on what it claimed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings

from core import clock


def delay(attempt: int, *, base: float, cap: float) -> float:
    """Seconds to wait after failure number ``attempt`` (1, 2, …): base·2^(attempt−1), capped,
    then a random half to whole of it ("equal jitter": never retried at once, never later
    than the cap)."""
    ceiling = min(cap, base * 2.0 ** max(attempt - 1, 0))
    return ceiling * (0.5 + random.random() / 2)  # noqa: S311 - timing jitter, not a secret


def lease_seconds() -> int:
    return int(settings.MOTCUA_TASK_LEASE_SECONDS)


def lease_end(now: datetime | None = None) -> datetime:
    """Until when a row claimed now is reserved for the claiming worker."""
    return (now or clock.wall()) + timedelta(seconds=lease_seconds())
