"""Correcting an obvious error of a dossier's declaration (tờ khai điện tử), value by value,
with before → after, who and why recorded and the applicant told."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import translation

from dossiers import events
from dossiers.actions.common import (
    _desk_actor,
    _lock,
    _now,
    _permit,
    _step_actor_any,
    _transition,
)
from dossiers.actors import Actor
from dossiers.declarations import (
    checked_declaration,
    field_label,
    flatten,
    leaf_field,
    locked_by_law,
    schema_digest,
    with_changes,
)
from dossiers.errors import DossierError
from dossiers.models import AT_RECEPTION, Dossier
from dossiers.notify import notify_applicant
from dossiers.prefill import REGISTRY, STORE, source_label
from dossiers.workflow import Action
from workdays.calendar import to_local

# Sources whose values, where the schema locks them, are the state's data: they are corrected
# at their source (registry.corrections for the population registry), never on the dossier.
_STATE_SOURCES = frozenset({REGISTRY, STORE})


def correct_declaration(
    dossier: Dossier, *, actor: Actor, changes: Mapping[str, Any], reason: str
) -> Dossier:
    """Set each data path of ``changes`` to its new value (None or "" clears it) and keep the
    declaration only if the whole of it still passes its pinned schema (DeclarationInvalid
    names each field at fault, and nothing is stored). For the desk at reception and the
    holder of the step in processing; the status does not change. A value the schema locks
    and the registry (or the data store) gave is refused: it is corrected at its source."""
    if not reason.strip():
        raise DossierError("declaration.reason_required")
    if not changes:
        raise DossierError("declaration.no_changes")
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(actor, dossier, Action.CORRECT_DECLARATION)
        if dossier.status in AT_RECEPTION:
            actor = _desk_actor(actor, dossier)
        else:
            actor = _step_actor_any(actor, dossier)
        before, after = _transition(dossier, Action.CORRECT_DECLARATION)
        version = dossier.procedure_version
        schema = version.declaration
        if schema is None or not dossier.declaration:
            raise DossierError("declaration.unexpected")
        if schema_digest(version.declaration_schema) != dossier.declaration_schema_sha256:
            raise DossierError("declaration.schema_changed")
        sources: dict[str, str] = dict(dossier.declaration_sources or {})
        for path in changes:
            if leaf_field(schema, path) is None:
                raise DossierError("declaration.unknown_field", field=path)
            source = sources.get(path, "")
            if source.partition(":")[0] in _STATE_SOURCES and locked_by_law(schema, path):
                raise DossierError(
                    "declaration.locked",
                    field=field_label(schema, path),
                    source=source_label(source),
                )
        declared = checked_declaration(
            version, with_changes(dossier.declaration, changes), today=to_local(_now()).date()
        )
        old, new = flatten(schema, dossier.declaration), flatten(schema, declared)
        paths = [*old, *(p for p in new if p not in old)]
        with translation.override("vi"):  # the event keeps the labels in Vietnamese
            changed = [
                events.DeclarationChange(p, field_label(schema, p), old.get(p), new.get(p))
                for p in paths
                if old.get(p) != new.get(p)
            ]
        if not changed:
            raise DossierError("declaration.no_changes")
        dossier.declaration = declared
        # A value changed is no longer the one its source gave.
        dossier.declaration_sources = {
            p: s for p, s in sources.items() if p in new and new[p] == old.get(p)
        }
        dossier.save()
        event = events.declaration_corrected(
            dossier,
            actor,
            before=before,
            after=after,
            reason=reason,
            changes=changed,
            schema_sha256=dossier.declaration_schema_sha256,
        )
        notify_applicant(dossier, event)
    return dossier
