from __future__ import annotations

from django.tasks import task

from notifications.delivery import deliver_one


@task
def deliver(notification_id: int) -> str:
    return deliver_one(notification_id)
