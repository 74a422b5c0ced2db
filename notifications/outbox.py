"""Putting messages in the outbox and delivering them."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.channels import CHANNELS, DeliveryError
from notifications.models import Notification

logger = logging.getLogger("motcua.notifications")
MAX_ATTEMPTS = 5


def enqueue(notification: Notification) -> None:
    """Deliver after the surrounding transaction commits (nothing is sent for a rollback)."""
    from notifications.tasks import deliver

    transaction.on_commit(lambda: deliver.enqueue(notification.pk))


def queue_message(**fields: object) -> Notification:
    channel = str(fields.pop("channel", settings.MOTCUA_NOTIFICATION_CHANNEL))
    notification = Notification.objects.create(channel=channel, **fields)
    enqueue(notification)
    return notification


def deliver_one(notification_id: int) -> str:
    """Send one queued notification; idempotent (a sent or failed one is left alone)."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Notification.Status.QUEUED:
            return "skipped"
        notification.attempts += 1
        send = CHANNELS.get(notification.channel)
        try:
            if send is None:
                raise DeliveryError(f"no channel {notification.channel!r}", permanent=True)
            send(notification)
        except DeliveryError as exc:
            notification.last_error = str(exc)
            if exc.permanent or notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return notification.status


def replay_queued(older_than_seconds: int = 300) -> int:
    """Re-deliver what is still queued (a worker died, a task was lost)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(status=Notification.Status.QUEUED, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )
    for notification_id in ids:
        deliver_one(notification_id)
    return len(ids)
