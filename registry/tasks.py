from __future__ import annotations

from django.tasks import task

from registry.delivery import deliver


@task
def deliver_update(update_id: int) -> str:
    """Send one registry update right after the decision that wrote it commits."""
    return deliver(update_id)
