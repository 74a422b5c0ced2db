"""Delivery receipts: what a provider posts back about a message it accepted.

Only the first receipt of a send counts: it settles a message that is *sending* with that
provider id. Every receipt is recorded (``DeliveryReceipt``), the ones that change nothing
too (a duplicate, a late one, one for a send we replaced), so that an operator can see what
the provider said. A temporary failure is sent again later, until the cut-off
(MOTCUA_NOTIFICATION_RETRY_CUTOFF_HOURS after the message was made); a message that failed
for good on Zalo goes again as an SMS.

Receipts are matched by the provider's id, or by our reference when the receipt overtook the
provider's answer to our request (the message is still *sending* with no provider id yet).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction

from core import clock
from notifications import backoff
from notifications.channels.base import Receipt
from notifications.delivery import fall_back, later
from notifications.models import DeliveryReceipt, Notification
from notifications.outbox import enqueue

Status = Notification.Status
# A resend after a temporary failure waits about 5, 10, 20 … minutes (capped at two hours).
RESEND_BASE_SECONDS = 300
RESEND_CAP_SECONDS = 7200
_OUTCOMES = {
    "delivered": Status.DELIVERED,
    "temporary-failure": Status.TEMPORARY_FAILURE,
    "permanent-failure": Status.PERMANENT_FAILURE,
}

Result = Literal["applied", "ignored", "unknown"]


def _find(channel: str, receipt: Receipt) -> Notification | None:
    """The message the receipt is about, locked: by our reference when it names one (the row
    is then read whatever its provider id, so a receipt racing the worker's record of the
    provider's answer still finds it), else by the provider's id."""
    number = receipt.reference.removeprefix("motcua-")
    if receipt.reference.startswith("motcua-") and number.isdigit():
        found = (
            Notification.objects.select_for_update().filter(pk=int(number), channel=channel).first()
        )
        if found is not None:
            return found
    return (
        Notification.objects.select_for_update()
        .filter(channel=channel, provider_id=receipt.provider_id[:120])
        .order_by("-pk")
        .first()
    )


def record(channel: str, receipt: Receipt) -> Result:
    """Record a receipt whose signature was checked; settle its message if it is the first."""
    with transaction.atomic():
        notification = _find(channel, receipt)
        applies = notification is not None and _first(notification, receipt)
        if notification is not None and applies:
            _settle(notification, receipt)
            if notification.settled and notification.status != Status.DELIVERED:
                sms = fall_back(notification)
                if sms is not None:
                    enqueue(sms)
        DeliveryReceipt.objects.create(
            channel=channel,
            provider_id=receipt.provider_id[:120],
            notification=notification,
            outcome=receipt.outcome,
            detail=receipt.detail[:200],
            applied=applies,
            received_at=clock.now(),
        )
    if notification is None:
        return "unknown"
    return "applied" if applies else "ignored"


def _first(notification: Notification, receipt: Receipt) -> bool:
    """Whether the receipt is the first of the message's current send: the message awaits a
    receipt under that provider id, or is still claimed with no provider id yet and the
    receipt names our reference (it overtook the provider's answer to our request)."""
    if notification.status != Status.SENDING:
        return False
    if notification.provider_id:
        return (
            notification.provider_id == receipt.provider_id[:120]
            and notification.next_attempt_at is None
        )
    # By our reference only while no receipt of that provider id was seen for it: a late copy
    # of the receipt of an earlier send (temporary failure, now being sent again) is not the
    # new send's.
    return (
        receipt.reference == notification.reference
        and not DeliveryReceipt.objects.filter(
            notification=notification, provider_id=receipt.provider_id[:120]
        ).exists()
    )


def _settle(notification: Notification, receipt: Receipt) -> None:
    status = _OUTCOMES[receipt.outcome]
    notification.status = status
    notification.provider_id = receipt.provider_id[:120]
    notification.failure_code = "" if status == Status.DELIVERED else receipt.detail[:40]
    notification.next_attempt_at = None
    if status == Status.DELIVERED:
        notification.delivered_at = receipt.at or clock.now()
    elif status == Status.TEMPORARY_FAILURE:
        wait = backoff.delay(
            notification.attempts, base=RESEND_BASE_SECONDS, cap=RESEND_CAP_SECONDS
        )
        resend = later(notification, clock.now() + timedelta(seconds=wait))
        cutoff = notification.created_at + timedelta(
            hours=settings.MOTCUA_NOTIFICATION_RETRY_CUTOFF_HOURS
        )
        if resend <= cutoff:
            notification.next_attempt_at = resend
    notification.save(
        update_fields=["status", "provider_id", "failure_code", "next_attempt_at", "delivered_at"]
    )
