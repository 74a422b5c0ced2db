"""Sending decided changes to the population registry: ``queue_update`` writes the outbox row
(``RegistryUpdate``) in the caller's transaction — the deciding one — and enqueues its delivery
for after commit; ``registry.delivery`` delivers (the task and the worker's sweep call it, and
this module enqueues the task: neither imports the other).

The row is the source of truth. If the enqueue after commit is lost, or the registry cannot be
reached, the worker's sweep sends it when it is due; every delivery first claims the row with a
conditional UPDATE, and the registry applies one reference once, so an update is never recorded
twice. A rolled-back decision leaves neither a row nor a task.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from core import clock
from registry.models import RegistryUpdate
from registry.records import PopulationUpdate
from registry.tasks import deliver_update
from units.models import GovernmentUnit


def queue_update(
    update: PopulationUpdate,
    *,
    reference: str,
    actor: User | None,
    dossier_id: int | None = None,
    unit: GovernmentUnit | None = None,
) -> RegistryUpdate:
    """Put ``update`` in the outbox, to be sent once the surrounding transaction commits.

    ``reference`` names this one update for good (the dossier's code, with the result
    document's code when a dossier makes several); queuing the same update under the same
    reference again returns the row already written, another update under it is a ValueError.
    ``actor`` is who decided (None: the system); ``unit`` the deciding unit, whose code the
    registry receives as the requester."""
    reference = reference.strip()
    if not reference or len(reference) > 100:
        raise ValueError("A registry update needs a reference of at most 100 characters.")
    payload = update.to_json()
    existing = RegistryUpdate.objects.filter(reference=reference).first()
    if existing is not None:
        if (existing.kind, existing.payload) != (update.KIND, payload):
            raise ValueError(f"Reference {reference!r} is already used by another update.")
        return existing
    row = RegistryUpdate.objects.create(
        kind=update.KIND,
        payload=payload,
        reference=reference,
        subjects=" ".join(update.subjects),
        dossier_id=dossier_id,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "Hệ thống",
        unit=unit,
        created_at=clock.now(),
        next_attempt_at=clock.wall(),
    )
    # The fast path only: if this is lost, the sweep sends the row when it is due.
    transaction.on_commit(lambda: deliver_update.enqueue(row.pk))
    return row
