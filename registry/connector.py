"""The population-registry connector: one interface, two implementations, every lookup logged.

``lookup(id_number, purpose=…, actor=…, unit=…, dossier_id=…)`` asks the configured registry
(``MOTCUA_REGISTRY``: ``embedded`` — tables in our database — or ``http`` — the national
exchange gateway, ``registry.http``) and writes a ``Lookup`` row whatever the outcome: who,
for which unit, when, why, for which dossier, and which fields came back. The records and
the ``Registry`` interface are in ``registry.records``, which the implementations import.
"""

from __future__ import annotations

from django.conf import settings

from accounts.models import User
from core import clock
from registry.models import Lookup
from registry.records import PersonRecord, Registry, RegistryError
from units.models import GovernmentUnit


def configured_registry() -> Registry:
    if settings.MOTCUA_REGISTRY == "http":
        from registry.http import HttpRegistry

        return HttpRegistry.from_settings()
    from registry.embedded import EmbeddedRegistry

    return EmbeddedRegistry()


def lookup(
    id_number: str,
    *,
    purpose: str,
    actor: User,
    unit: GovernmentUnit | None = None,
    dossier_id: int | None = None,
    registry: Registry | None = None,
) -> PersonRecord | None:
    """Ask the registry, and log the lookup (also when it fails, then re-raise)."""
    person, _entry = logged_lookup(
        id_number, purpose=purpose, actor=actor, unit=unit, dossier_id=dossier_id, registry=registry
    )
    return person


def logged_lookup(
    id_number: str,
    *,
    purpose: str,
    actor: User,
    unit: GovernmentUnit | None = None,
    dossier_id: int | None = None,
    registry: Registry | None = None,
) -> tuple[PersonRecord | None, Lookup]:
    """``lookup``, with the log entry it wrote."""
    if not purpose.strip():
        raise ValueError("A registry lookup needs its purpose.")
    registry = registry or configured_registry()
    entry = Lookup(
        at=clock.now(),
        id_number=id_number,
        purpose=purpose.strip()[:300],
        actor=actor,
        actor_name=actor.get_full_name() or actor.get_username(),
        unit=unit,
        dossier_id=dossier_id,
        source=registry.source,
    )
    try:
        person = registry.find(
            id_number, purpose=entry.purpose, requester=unit.code if unit else ""
        )
    except RegistryError as exc:
        entry.outcome, entry.error = Lookup.Outcome.FAILED, str(exc)[:300]
        entry.save()
        raise
    entry.outcome = Lookup.Outcome.FOUND if person else Lookup.Outcome.NOT_FOUND
    entry.fields = person.fields if person else []
    entry.save()
    return person, entry
