"""Retention: a message's text is personal data and is kept only as long as it is useful to
an operator (MOTCUA_NOTIFICATION_RETENTION_DAYS, 90 by default); then the body, its HTML and
the values it was made from are purged, while the status record stays (who, when, through
which channel, with which template version, delivered or not)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from core import clock
from notifications.models import Notification

BATCH = 1000


def purge(limit: int = BATCH) -> int:
    """Purge the bodies of the oldest messages past the retention period; how many."""
    now = clock.now()
    cutoff = now - timedelta(days=settings.MOTCUA_NOTIFICATION_RETENTION_DAYS)
    ids = list(
        Notification.objects.filter(body_purged_at__isnull=True, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return Notification.objects.filter(pk__in=ids).update(
        body="", html="", data={}, body_purged_at=now
    )
