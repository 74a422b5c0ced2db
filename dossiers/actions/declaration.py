"""Correcting an obvious error of a dossier's declaration (tờ khai điện tử), value by value,
with before → after, who and why recorded and the applicant told."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import translation

from catalog.models import Channel
from documents.models import IssuedDocument
from dossiers import events
from dossiers.actions.common import (
    _desk_actor,
    _issuing,
    _lock_unchanged,
    _now,
    _optimistically,
    _permit,
    _read,
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
    prepare_declaration,
    schema_digest,
    with_changes,
)
from dossiers.errors import DossierError
from dossiers.issued import record_for_dossier
from dossiers.models import AT_RECEPTION, Dossier, DossierComponent
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
    and the registry (or the data store) gave is refused: it is corrected at its source.

    The declaration's official form is issued again from the corrected data, sealed by the
    receiving unit and naming the one it replaces (rendered and signed before the row is
    locked), so officers and the applicant keep seeing the same document; the earlier one stays
    among the dossier's documents, verifiable as it was."""
    if not reason.strip():
        raise DossierError("declaration.reason_required")
    if not changes:
        raise DossierError("declaration.no_changes")

    def attempt() -> Dossier:
        seen = _read(dossier)
        _permit(actor, seen, Action.CORRECT_DECLARATION)
        declared, sources, changed = _corrected(seen, changes)
        form = _declaration_component(seen)
        reissued = None
        if form is not None:
            with _issuing():
                reissued = prepare_declaration(
                    seen.procedure_version,
                    declared,
                    sources,
                    applicant_name=seen.applicant_name,
                    applicant_id_number=seen.applicant_id_number,
                    online=seen.channel == Channel.ONLINE,
                    unit=seen.receiving_unit,
                    at=_now(),
                    correction={
                        "reason": reason.strip(),
                        "by": actor.name,
                        "replaces": form.certified_copy,
                    },
                )
        with transaction.atomic():
            locked = _lock_unchanged(dossier, seen)
            _permit(actor, locked, Action.CORRECT_DECLARATION)
            acting = (
                _desk_actor(actor, locked)
                if locked.status in AT_RECEPTION
                else _step_actor_any(actor, locked)
            )
            before, after = _transition(locked, Action.CORRECT_DECLARATION)
            locked.declaration = declared
            locked.declaration_sources = sources
            locked.save()
            if form is not None and reissued is not None:
                form.file.name = reissued.file.name
                form.certified_copy = reissued.code
                form.save(update_fields=["file", "certified_copy"])
                record_for_dossier(reissued, dossier=locked, component=form)
            event = events.declaration_corrected(
                locked,
                acting,
                before=before,
                after=after,
                reason=reason,
                changes=changed,
                schema_sha256=locked.declaration_schema_sha256,
            )
            notify_applicant(locked, event)
        return locked

    return _optimistically(attempt)


def _corrected(
    dossier: Dossier, changes: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str], list[events.DeclarationChange]]:
    """The declaration with ``changes`` applied and checked against its pinned schema, the
    sources still true of it, and the changes value by value."""
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
    # A value changed is no longer the one its source gave.
    kept = {p: s for p, s in sources.items() if p in new and new[p] == old.get(p)}
    return declared, kept, changed


def _declaration_component(dossier: Dossier) -> DossierComponent | None:
    """The component the e-form satisfies, holding the declaration's sealed form."""
    codes = IssuedDocument.objects.filter(
        dossier_link__dossier=dossier, kind=IssuedDocument.Kind.DECLARATION
    ).values("code")
    return dossier.components.filter(certified_copy__in=codes).first()
