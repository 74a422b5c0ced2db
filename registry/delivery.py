"""Delivering the registry updates of the outbox (``registry.updates``): each row claimed with
a conditional UPDATE, sent to the configured registry's ``apply``, its answer recorded.

- accepted: ``applied``, with the ID number a birth was given and the registry's message;
- refused by the registry (``RegistryRefused``: unknown person, already dead, …): ``refused``,
  final, with the message and code;
- anything else (the gateway unreachable, its breaker open, a certificate or signature problem,
  a misconfiguration): ``retrying``, sent again after a capped exponential backoff, without end
  — a decided change must reach the registry, and the registry applies one reference once.

Called by the task (the fast path, right after the decision commits) and by the worker's
``sweep`` (``MOTCUA_WORKER_SWEEPS``), which sends what is due: lost enqueues and retries.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import F

from core import clock
from notifications import backoff
from registry.connector import configured_registry
from registry.models import RegistryUpdate
from registry.records import Registry, RegistryError, RegistryRefused, update_from_json
from registry.signals import update_applied

logger = logging.getLogger("motcua.registry")
# A failed send is retried after about 1, 2, 4, 8 … minutes, never more than an hour apart.
RETRY_BASE_SECONDS = 60
RETRY_CAP_SECONDS = 3600
# Rows one sweep claims at most: the worker goes back to its tasks between sweeps.
SWEEP_BATCH = 50

Status = RegistryUpdate.Status


def claim(update_id: int, now: datetime) -> datetime | None:
    """Reserve an open, due update for this worker until the end of its lease (returned), or
    None when it is not due or another worker claimed it first (the database lets one of two
    concurrent UPDATEs change the row). A worker that dies holding it leaves it due again when
    the lease ends."""
    until = backoff.lease_end(now)
    claimed = RegistryUpdate.objects.filter(
        pk=update_id, status__in=RegistryUpdate.OPEN, next_attempt_at__lte=now
    ).update(next_attempt_at=until, attempts=F("attempts") + 1)
    return until if claimed else None


def deliver(update_id: int, *, registry: Registry | None = None) -> str:
    """Send one update if it is due: its new status, or "skipped" (done, waiting for its
    retry, or claimed by another worker)."""
    lease = claim(update_id, clock.wall())
    if lease is None:
        return "skipped"
    row = RegistryUpdate.objects.select_related("unit").get(pk=update_id)
    source = ""
    try:
        registry = registry or configured_registry()
        source = registry.source
        # Outside any transaction: no lock is held while the gateway answers.
        outcome = registry.apply(
            update_from_json(row.kind, row.payload),
            requester=row.unit.code if row.unit else "",
            reference=row.reference,
        )
    except RegistryRefused as exc:
        return _ended(row, lease, Status.REFUSED, exc, source)
    except RegistryError as exc:
        return _ended(row, lease, Status.RETRYING, exc, source)
    except Exception as exc:
        logger.exception("Registry update %s: unexpected error while sending", update_id)
        return _ended(row, lease, Status.RETRYING, exc, source)
    # Recorded even if our lease ran out meanwhile: the registry did record it.
    recorded = RegistryUpdate.objects.filter(pk=update_id, status__in=RegistryUpdate.OPEN).update(
        status=Status.APPLIED,
        applied_at=clock.wall(),
        source=source,
        assigned_id_number=outcome.id_number or "",
        message=outcome.message[:300],
        last_error="",
        error_code="",
    )
    if recorded:
        applied = RegistryUpdate.objects.get(pk=update_id)
        for receiver, answer in update_applied.send_robust(RegistryUpdate, update=applied):
            if isinstance(answer, Exception):
                logger.error("Registry update %s: %s failed: %s", update_id, receiver, answer)
    return Status.APPLIED


def _ended(row: RegistryUpdate, lease: datetime, status: str, error: Exception, source: str) -> str:
    next_attempt = lease
    if status == Status.RETRYING:
        wait = backoff.delay(row.attempts, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS)
        next_attempt = clock.wall() + timedelta(seconds=wait)
        logger.warning("Registry update %s not sent, retried in %.0f s: %s", row.pk, wait, error)
    code = error.code if isinstance(error, RegistryError) else "registry.unexpected"
    # Only while the claim is still ours: after a lost lease, the newer claim decides.
    RegistryUpdate.objects.filter(
        pk=row.pk, status__in=RegistryUpdate.OPEN, next_attempt_at=lease
    ).update(
        status=status,
        next_attempt_at=next_attempt,
        last_error=(str(error) or type(error).__name__)[:2000],
        error_code=code[:60],
        source=source,
    )
    return status


def sweep(limit: int = SWEEP_BATCH) -> int:
    """Send the updates that are due (first due first); how many were claimed here. Run by
    the worker every few seconds: the safety net of the after-commit enqueue, and the retry
    of failed sends."""
    ids = list(
        RegistryUpdate.objects.filter(
            status__in=RegistryUpdate.OPEN, next_attempt_at__lte=clock.wall()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(update_id) != "skipped" for update_id in ids)
