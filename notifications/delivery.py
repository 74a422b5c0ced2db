"""Delivering the messages of the outbox (``notifications.outbox``): claimed one at a time, sent
through their channel, retried with backoff. Called by the delivery task (the fast path) and
by the worker's ``sweep`` (the safety net); moved out of the outbox so that the outbox, which
enqueues the task, and the task, which delivers, do not import each other.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import F

from core import clock
from notifications import backoff
from notifications.channels import CHANNELS, DeliveryError
from notifications.models import Notification

logger = logging.getLogger("motcua.notifications")
MAX_ATTEMPTS = 5
# A temporary failure is retried after about 1, 2, 4, 8 minutes (capped at an hour).
RETRY_BASE_SECONDS = 60
RETRY_CAP_SECONDS = 3600
# Rows one sweep claims at most: the worker goes back to its tasks between sweeps.
SWEEP_BATCH = 100

Status = Notification.Status


def claim(notification_id: int, now: datetime) -> datetime | None:
    """Reserve a queued, due message for this worker until the end of its lease (returned).

    A conditional UPDATE: of two workers claiming at once, the database lets one change the
    row and the other finds it no longer due (None). A worker that dies holding the claim
    leaves the row due again when the lease ends; the claim counts as an attempt, so a message
    that kills its worker every time still ends as failed."""
    until = backoff.lease_end(now)
    claimed = Notification.objects.filter(
        pk=notification_id, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=until, attempts=F("attempts") + 1)
    return until if claimed else None


def deliver_one(notification_id: int) -> str:
    """Send one queued message if it is due; idempotent (a message that is sent, failed,
    waiting for its retry or claimed by another worker is left alone: "skipped")."""
    now = clock.now()
    lease = claim(notification_id, now)
    if lease is None:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    send = CHANNELS.get(notification.channel)
    try:
        if notification.attempts > MAX_ATTEMPTS:  # claimed by workers that died each time
            raise DeliveryError("worker lost while sending, too many times", permanent=True)
        if send is None:
            raise DeliveryError(f"no channel {notification.channel!r}", permanent=True)
        # Sent outside any transaction: no row lock is held during a slow gateway call.
        send(notification)
    except Exception as exc:
        permanent = isinstance(exc, DeliveryError) and exc.permanent
        if not isinstance(exc, DeliveryError):
            logger.exception("Notification %s: unexpected error while sending", notification_id)
        return _failed(notification, lease, str(exc) or type(exc).__name__, permanent=permanent)
    # Recorded even if our lease ran out meanwhile: the message did go out.
    Notification.objects.filter(pk=notification_id, status=Status.QUEUED).update(
        status=Status.SENT, sent_at=clock.now(), last_error=""
    )
    return Status.SENT


def _failed(notification: Notification, lease: datetime, error: str, *, permanent: bool) -> str:
    if permanent or notification.attempts >= MAX_ATTEMPTS:
        status, next_attempt = Status.FAILED, lease
    else:
        wait = backoff.delay(notification.attempts, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS)
        status, next_attempt = Status.QUEUED, clock.now() + timedelta(seconds=wait)
    # Only while the claim is still ours: after a lost lease, the newer claim decides.
    Notification.objects.filter(
        pk=notification.pk, status=Status.QUEUED, next_attempt_at=lease
    ).update(status=status, next_attempt_at=next_attempt, last_error=error[:2000])
    return status


def sweep(limit: int = SWEEP_BATCH, *, created_before: datetime | None = None) -> int:
    """Deliver what is queued and due (first due first); how many were claimed here.

    Run by the worker every few seconds: the safety net of the after-commit enqueue and the
    retry of temporary failures."""
    due = Notification.objects.filter(status=Status.QUEUED, next_attempt_at__lte=clock.now())
    if created_before is not None:
        due = due.filter(created_at__lt=created_before)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    return sum(deliver_one(notification_id) != "skipped" for notification_id in ids)


def replay_queued(older_than_seconds: int = 300) -> int:
    """Deliver now what is still queued and due after this long (the operator's command)."""
    return sweep(1000, created_before=clock.now() - timedelta(seconds=older_than_seconds))
