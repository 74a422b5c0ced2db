"""Putting messages in the outbox; ``notifications.delivery`` delivers them (the task and the
worker's sweep call it, and this module enqueues the task: neither imports the other).

The ``Notification`` row, written in the transaction of the change that causes it, is the
source of truth. The task enqueued after commit is only the fast path: if that enqueue is lost
(the process or its database connection died just after the commit), the worker's sweep finds
the row still queued and due, and delivers it. Every delivery first claims its row with a
conditional UPDATE, so two workers (or the fast path and a sweep) never send one message twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from notifications.models import Notification
from notifications.tasks import deliver


def enqueue(notification: Notification) -> None:
    """Deliver soon after the surrounding transaction commits (nothing is sent for a
    rollback). The fast path only: the row itself is what the sweep delivers if this is lost."""
    transaction.on_commit(lambda: deliver.enqueue(notification.pk))


def queue_message(**fields: object) -> Notification:
    channel = str(fields.pop("channel", settings.MOTCUA_NOTIFICATION_CHANNEL))
    notification = Notification.objects.create(channel=channel, **fields)
    enqueue(notification)
    return notification
