"""Delivering the messages of the outbox (``notifications.outbox``): claimed one at a time, sent
through their channel, retried with backoff, settled by the provider's answer or its receipt
(``notifications.receipts``). Called by the delivery task (the fast path) and by the worker's
``sweep`` (the safety net); moved out of the outbox so that the outbox, which enqueues the
task, and the task, which delivers, do not import each other.

The statuses (notifications.channels.base): a claim makes a message *sending*; the provider's
acceptance leaves it *sending* until its receipt comes (or makes it *delivered* where no
receipt will come); a refusal makes it *permanent-failure*; a provider or network failure puts
it back to *created* for a retry with backoff, and after ``MAX_ATTEMPTS`` tries it ends as
*technical-failure*. A Zalo message that ends in failure is sent again as an SMS.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.urls import reverse

from core import clock
from notifications import backoff, quiet, templating
from notifications.channels import CHANNELS, DeliveryError, Outgoing, configured, mask_address
from notifications.channels.base import Accepted
from notifications.compose import compose
from notifications.kinds import KINDS
from notifications.models import Notification, SenderProfile

logger = logging.getLogger("motcua.notifications")
# Tries of one send against a provider that keeps failing on our request.
MAX_ATTEMPTS = 5
# Claims after which a message that kills its worker every time is given up.
LOST_WORKER_LIMIT = 2 * MAX_ATTEMPTS
# A technical failure is retried after about 1, 2, 4, 8 minutes (capped at an hour).
RETRY_BASE_SECONDS = 60
RETRY_CAP_SECONDS = 3600
# Rows one sweep claims at most: the worker goes back to its tasks between sweeps.
SWEEP_BATCH = 100

Status = Notification.Status
Channel = Notification.Channel
# The statuses a worker may claim a due message in (sending: a claim whose worker died).
CLAIMABLE = (Status.CREATED, Status.SENDING, Status.TEMPORARY_FAILURE)


def claim(notification_id: int, now: datetime) -> datetime | None:
    """Reserve a due message for this worker until the end of its lease (returned).

    A conditional UPDATE: of two workers claiming at once, the database lets one change the
    row and the other finds it no longer due (None). A worker that dies holding the claim
    leaves the row due again when the lease ends; the claim counts as an attempt, so a message
    that kills its worker every time still ends."""
    until = backoff.lease_end(now)
    claimed = Notification.objects.filter(
        pk=notification_id, status__in=CLAIMABLE, next_attempt_at__lte=now
    ).update(
        status=Status.SENDING,
        provider_id="",
        next_attempt_at=until,
        attempts=F("attempts") + 1,
        tries=F("tries") + 1,
    )
    return until if claimed else None


def profile_of(notification: Notification) -> SenderProfile | None:
    if notification.unit_id is None:
        return None
    return SenderProfile.objects.filter(unit_id=notification.unit_id).first()


def later(notification: Notification, moment: datetime) -> datetime:
    """``moment``, or the end of the unit's quiet hours for a message that is not urgent."""
    return moment if notification.urgent else quiet.next_allowed(moment, profile_of(notification))


def receipt_url(channel: str) -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + reverse(
        "notifications:receipt", kwargs={"channel": channel}
    )


def outgoing(notification: Notification) -> Outgoing:
    """The message as its channel sends it, with the unit's sender identity."""
    profile = profile_of(notification)
    sender = ""
    if profile is not None:
        if notification.channel == Channel.SMS:
            sender = profile.sms_brandname
        elif notification.channel == Channel.EMAIL:
            sender = profile.email_from
    template_id, template_data = "", {}
    if notification.channel == Channel.ZALO and notification.template is not None:
        template_id = notification.template.zns_template_id
        data = notification.data or {}
        template_data = {
            name: str(data.get(name, ""))
            for name in templating.placeholders(notification.template.body)
        }
    callback = receipt_url(notification.channel) if notification.channel in ("sms", "zalo") else ""
    return Outgoing(
        reference=notification.reference,
        address=notification.address,
        subject=notification.subject,
        body=notification.body,
        html=notification.html,
        sender=sender,
        template_id=template_id,
        template_data=template_data,
        callback_url=callback,
    )


def deliver_one(notification_id: int) -> str:
    """Send one message if it is due; idempotent (a message that is settled, waiting for its
    retry or claimed by another worker is left alone: "skipped")."""
    now = clock.now()
    lease = claim(notification_id, now)
    if lease is None:
        return "skipped"
    notification = Notification.objects.select_related("template").get(pk=notification_id)
    # The console stands in for a provider that is not configured here (development; the
    # system check warns about it in production).
    send = CHANNELS.get(notification.channel if configured(notification.channel) else "console")
    try:
        if notification.tries > LOST_WORKER_LIMIT:
            raise DeliveryError("worker lost while sending, too many times", permanent=False)
        if send is None:
            raise DeliveryError(f"no channel {notification.channel!r}", permanent=True)
        # Sent outside any transaction: no row lock is held during a slow gateway call.
        accepted = send(outgoing(notification))
    except DeliveryError as exc:
        return _failed(notification, lease, exc)
    except Exception as exc:
        logger.exception("Notification %s: unexpected error while sending", notification_id)
        return _failed(
            notification, lease, DeliveryError(str(exc) or type(exc).__name__, permanent=False)
        )
    return _accepted(notification, accepted)


def _accepted(notification: Notification, accepted: Accepted) -> str:
    now = clock.now()
    fields: dict[str, object] = {
        "provider_id": accepted.provider_id[:120],
        "sent_at": now,
        "next_attempt_at": None,
        "last_error": "",
        "failure_code": "",
        "tries": 0,
    }
    if accepted.segments:
        fields["segments"] = accepted.segments
    status = Status.DELIVERED if accepted.delivered else Status.SENDING
    if accepted.delivered:
        fields["delivered_at"] = now
    # Recorded even if our lease ran out meanwhile: the message did go out. A receipt that
    # came first (matched by our reference) has already settled it: left as it is.
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING, provider_id="").update(
        status=status, **fields
    )
    return status


def _failed(notification: Notification, lease: datetime, exc: DeliveryError) -> str:
    error = (str(exc) or type(exc).__name__)[:2000]
    if exc.permanent:
        status, next_attempt = Status.PERMANENT_FAILURE, None
    elif notification.tries >= MAX_ATTEMPTS:
        status, next_attempt = Status.TECHNICAL_FAILURE, None
    else:
        wait = backoff.delay(notification.tries, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS)
        status, next_attempt = (
            Status.CREATED,
            later(notification, clock.now() + timedelta(seconds=wait)),
        )
    logger.info(
        "Notification %s (%s → %s): %s, %s",
        notification.pk,
        notification.channel,
        mask_address(notification.address),
        status,
        exc.code or "error",
    )
    # Only while the claim is still ours: after a lost lease, the newer claim decides.
    changed = Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, next_attempt_at=lease
    ).update(
        status=status, next_attempt_at=next_attempt, last_error=error, failure_code=exc.code[:40]
    )
    if changed and next_attempt is None:
        sms = fall_back(notification)
        if sms is not None:  # this worker is here: it sends the SMS now
            deliver_one(sms.pk)
    return status


def fall_back(notification: Notification) -> Notification | None:
    """A Zalo message that failed for good goes again as an SMS to the same phone: the new
    message is returned, due now (the caller sends it, or enqueues it after its commit)."""
    if notification.channel != Channel.ZALO or notification.fallbacks.exists():
        return None
    kind = KINDS.get(notification.kind)
    if kind is None:
        return None
    language = notification.template.language if notification.template else "vi"
    sms = compose(
        kind,
        Channel.SMS,
        notification.address,
        notification.data or {},
        language=language,
        profile=profile_of(notification),
    )
    if sms is None:
        return None
    for field in ("recipient_id", "unit_id", "dossier_id", "dossier_code", "event_id", "urgent"):
        setattr(sms, field, getattr(notification, field))
    sms.fallback_of = notification
    sms.next_attempt_at = later(sms, clock.now())
    sms.save()
    return sms


def sweep(limit: int = SWEEP_BATCH, *, created_before: datetime | None = None) -> int:
    """Deliver what is due (first due first); how many were claimed here.

    Run by the worker every few seconds: the safety net of the after-commit enqueue, the
    retries, the resends after a temporary failure and the claims of dead workers."""
    due = Notification.objects.filter(next_attempt_at__lte=clock.now())
    if created_before is not None:
        due = due.filter(created_at__lt=created_before)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    return sum(deliver_one(notification_id) != "skipped" for notification_id in ids)


def expire_receipts(limit: int = 1000) -> int:
    """Messages whose receipt has not come after MOTCUA_RECEIPT_WAIT_HOURS: temporary-failure,
    as Notify does (the provider kept them; we stop waiting). A Zalo message among them goes
    again as an SMS, sent here (the worker runs this sweep)."""
    cutoff = clock.now() - timedelta(hours=settings.MOTCUA_RECEIPT_WAIT_HOURS)
    ids = list(
        Notification.objects.filter(
            status=Status.SENDING, next_attempt_at__isnull=True, sent_at__lt=cutoff
        ).values_list("pk", flat=True)[:limit]
    )
    expired = 0
    for notification_id in ids:
        changed = Notification.objects.filter(
            pk=notification_id, status=Status.SENDING, next_attempt_at__isnull=True
        ).update(status=Status.TEMPORARY_FAILURE, failure_code="no_receipt")
        expired += changed
        if changed:
            notification = Notification.objects.select_related("template").get(pk=notification_id)
            sms = fall_back(notification)
            if sms is not None:
                deliver_one(sms.pk)
    return expired


def replay_queued(older_than_seconds: int = 300) -> int:
    """Deliver now what is still due after this long (the operator's command)."""
    return sweep(1000, created_before=clock.now() - timedelta(seconds=older_than_seconds))
