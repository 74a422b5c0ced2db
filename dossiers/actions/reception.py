"""The front desk: digitizing paper, accepting, refusing, and the one supplement request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.core.files.base import File
from django.db import transaction

from catalog.models import (
    Channel,
    Component,
)
from documents.checks import CheckedFile, UploadRefused, check_upload
from documents.store import applicant_store
from dossiers import events
from dossiers.actions.clock import _resume_clock
from dossiers.actions.common import (
    ComponentState,
    _applicant_or_desk,
    _component_list,
    _desk_actor,
    _lock,
    _lock_unchanged,
    _now,
    _optimistically,
    _permit,
    _read,
    _refuse_and_record,
    _slip,
    _step_actor_any,
    _transition,
)
from dossiers.actions.intake import _time_limit
from dossiers.actions.steps import _enter_step, _steps
from dossiers.actions.uploads import (
    SCAN_TYPES,
    _attach_copy,
    _certified_copy,
    _check_total,
    _checked,
    _save_file,
    _stored_bytes,
)
from dossiers.actors import Actor
from dossiers.errors import DossierError, RuleViolation
from dossiers.issued import own_document_ids
from dossiers.models import (
    AT_RECEPTION,
    Dossier,
    DossierComponent,
    Slip,
    Status,
)
from dossiers.notify import notify_applicant
from dossiers.slips import declaration_entry
from dossiers.workflow import Action
from workdays.calendar import WorkCalendar, to_local


def _desk_item(dossier: Dossier, actor: Actor, component_id: int) -> tuple[Actor, DossierComponent]:
    actor = _desk_actor(actor, dossier)
    if dossier.status != Status.SUBMITTED:
        raise DossierError("digitize.not_at_reception")
    if dossier.channel == Channel.ONLINE:
        raise DossierError("digitize.online")
    item = dossier.components.select_related("component").filter(component_id=component_id).first()
    if item is None:
        raise DossierError("digitize.component_unknown")
    if item.state == ComponentState.FROM_DATA:
        raise DossierError("digitize.from_data", component=item.component.name)
    return actor, item


def digitize_component(
    dossier: Dossier, *, actor: Actor, component_id: int, upload: File[Any]
) -> DossierComponent:
    """The front desk scans a paper component: the scan becomes a certified electronic copy
    signed by the receiving unit, and lands in the applicant's data store (R27)."""
    component = dossier.procedure_version.components.filter(pk=component_id).first()
    if component is None:
        raise DossierError("digitize.component_unknown")
    try:  # a scan or a photo: what can be signed as a certified copy
        scan = check_upload(upload, accepted=SCAN_TYPES, max_bytes=component.max_bytes)
    except UploadRefused as refused:
        raise DossierError("file.refused", component=component.name, detail=str(refused)) from None
    _check_total([scan.as_file()], _stored_bytes(dossier, besides=[component_id]))
    return _optimistically(partial(_digitize, dossier, actor, component, scan))


def _digitize(
    dossier: Dossier, actor: Actor, component: Component, scan: CheckedFile
) -> DossierComponent:
    # Signed before the lock, once the desk may digitize here; recorded if nothing changed.
    seen = _read(dossier)
    _desk_item(seen, actor, component.pk)
    copy = _certified_copy(component, scan.content, seen.receiving_unit, _now(), seen.code)
    with transaction.atomic():
        dossier = _lock_unchanged(dossier, seen)
        actor, item = _desk_item(dossier, actor, component.pk)
        item.note = ""
        _attach_copy(item, copy, scan.name)
        events.digitized(dossier, actor, component_id=component.pk, document=item.certified_copy)
    return item


def mark_not_digitizable(
    dossier: Dossier, *, actor: Actor, component_id: int, reason: str
) -> DossierComponent:
    """Record that a paper component cannot be digitized (and why): the paper is kept."""
    if not reason.strip():
        raise DossierError("digitize.reason_required")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor, item = _desk_item(dossier, actor, component_id)
        item.state, item.note = ComponentState.NOT_DIGITIZABLE, reason.strip()[:500]
        item.save(update_fields=["state", "note"])
        events.not_digitizable(dossier, actor, component_id=component_id, reason=reason.strip())
    return item


def accept_dossier(dossier: Dossier, *, actor: Actor) -> Dossier:
    """Receive a complete dossier: the clock starts, the receipt slip gives the due date."""
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _desk_actor(actor, dossier)
        before, after = _transition(dossier, Action.ACCEPT)
        incomplete = dossier.components.filter(
            component__required=True, state__in=[ComponentState.MISSING, ComponentState.REQUESTED]
        ).select_related("component")
        if incomplete:
            names = "; ".join(c.component.name for c in incomplete)
            raise DossierError("accept.incomplete", names=names)
        calendar = WorkCalendar.load()
        received = calendar.reception_time(_now())
        dossier.received_at = received
        dossier.due_at = dossier.original_due_at = calendar.due(
            received, _time_limit(dossier.procedure_version, dossier.channel)
        )
        dossier.status = after
        _enter_step(dossier, _steps(dossier)[0], calendar)
        dossier.save()
        event = events.received(
            dossier, actor, before=before, after=after, received_at=received, due_at=dossier.due_at
        )
        _slip(
            dossier,
            Slip.Kind.RECEIPT,
            actor,
            event,
            received_at=to_local(received).isoformat(),
            due_at=to_local(dossier.due_at).isoformat(),
            components=_component_list(dossier),
            **declaration_entry(dossier),
        )
        notify_applicant(dossier, event)
    return dossier


def request_supplement(
    dossier: Dossier, *, actor: Actor, component_ids: Iterable[int], reason: str
) -> Dossier:
    """Ask once, in writing, for everything missing — only items of the legal list, never
    what the state already holds. A second request on the same dossier is refused."""
    wanted = sorted(set(component_ids))
    violation: RuleViolation | None
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(actor, dossier, Action.REQUEST_SUPPLEMENT)
        if dossier.status in AT_RECEPTION:
            actor = _desk_actor(actor, dossier)
        else:
            actor = _step_actor_any(actor, dossier)
        if dossier.supplement_count >= 1:
            # Before the transition: asking again while the first request is still awaited
            # is the same violation as asking again once it was answered.
            violation = _refuse_and_record(
                dossier,
                actor,
                "supplement.already_requested",
                "second_supplement_request",
                components=wanted,
            )
        else:
            violation = _ask_for_supplement(dossier, actor, wanted, reason)
    # Raised once the transaction has committed: the refused attempt stays on record.
    if violation is not None:
        raise violation
    return dossier


def _ask_for_supplement(
    dossier: Dossier, actor: Actor, wanted: list[int], reason: str
) -> RuleViolation | None:
    """The first request on a locked dossier: made, or refused and recorded (returned)."""
    before, after = _transition(dossier, Action.REQUEST_SUPPLEMENT)
    if not reason.strip():
        raise DossierError("supplement.reason_required")
    if not wanted:
        raise DossierError("supplement.nothing_chosen")
    legal = {c.component_id: c for c in dossier.components.select_related("component")}
    outside = [pk for pk in wanted if pk not in legal]
    in_store = applicant_store(
        dossier.applicant_id_number, to_local(_now()).date(), exclude=own_document_ids(dossier)
    )
    held = [
        legal[pk].component.name
        for pk in wanted
        if pk in legal
        and (
            legal[pk].state == ComponentState.FROM_DATA
            or legal[pk].component.document_type in in_store
        )
    ]
    missing = sorted(
        pk
        for pk, item in legal.items()
        if item.component.required and item.state == ComponentState.MISSING
    )
    if dossier.status == Status.SUBMITTED and not set(missing) <= set(wanted):
        return _refuse_and_record(
            dossier,
            actor,
            "supplement.incomplete_list",
            "incomplete_list",
            components=wanted,
            missing=missing,
        )
    if outside:
        return _refuse_and_record(
            dossier,
            actor,
            "supplement.outside_legal_list",
            "document_outside_legal_list",
            components=outside,
        )
    if held:
        return _refuse_and_record(
            dossier,
            actor,
            "supplement.already_held",
            "document_already_held",
            components=wanted,
            message_params={"names": "; ".join(held)},
        )
    dossier.components.filter(component_id__in=wanted).update(state=ComponentState.REQUESTED)
    dossier.supplement_count += 1
    dossier.status = after
    if after == Status.SUPPLEMENT_IN_PROCESS:
        dossier.paused_at = _now()
    dossier.save()
    names = [legal[pk].component.name for pk in wanted]
    event = events.supplement_requested(
        dossier,
        actor,
        before=before,
        after=after,
        reason=reason,
        components=wanted,
        component_names=names,
    )
    _slip(dossier, Slip.Kind.SUPPLEMENT, actor, event, reason=reason, requested=names)
    notify_applicant(dossier, event)
    return None


def provide_supplement(
    dossier: Dossier, *, actor: Actor, files: Mapping[int, File[Any]], note: str = ""
) -> Dossier:
    """The applicant (online, or a system relaying them) or the desk (at the counter) hands in
    what was requested; the clock resumes, the due date moves by the days it was paused.
    The files are checked and stored before the row is locked."""
    return _optimistically(partial(_provide_supplement, dossier, actor, files, note))


def _requested(dossier: Dossier) -> dict[int, DossierComponent]:
    items = dossier.components.filter(state=ComponentState.REQUESTED).select_related("component")
    return {item.component_id: item for item in items}


def _provide_supplement(
    dossier: Dossier, actor: Actor, files: Mapping[int, File[Any]], note: str
) -> Dossier:
    seen = _read(dossier)
    # Permission and the transition first; then the files, checked and stored unlocked.
    _applicant_or_desk(actor, seen, Action.PROVIDE_SUPPLEMENT)
    _transition(seen, Action.PROVIDE_SUPPLEMENT)
    requested = _requested(seen)
    if set(files) != set(requested):
        raise DossierError("supplement.wrong_documents")
    checked = _checked(files, {pk: item.component for pk, item in requested.items()})
    _check_total(checked.values(), _stored_bytes(seen, besides=checked))
    for component_id, upload in checked.items():
        _save_file(requested[component_id], upload)
    with transaction.atomic():
        dossier = _lock_unchanged(dossier, seen)
        actor = _applicant_or_desk(actor, dossier, Action.PROVIDE_SUPPLEMENT)
        before, after = _transition(dossier, Action.PROVIDE_SUPPLEMENT)
        for item in requested.values():
            item.state, item.source = ComponentState.PROVIDED, "supplement"
            item.save()
        resumed = _resume_clock(dossier)
        dossier.status = after
        dossier.save()
        events.supplement_provided(
            dossier,
            actor,
            before=before,
            after=after,
            note=note,
            components=list(checked),
            resumed=resumed,
        )
    return dossier


def refuse_dossier(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    if not reason.strip():
        raise DossierError("refuse.reason_required")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _desk_actor(actor, dossier)
        before, after = _transition(dossier, Action.REFUSE)
        dossier.status = after
        dossier.closed_at = _now()
        dossier.save()
        event = events.refused(dossier, actor, before=before, after=after, reason=reason)
        _slip(dossier, Slip.Kind.REFUSAL, actor, event, reason=reason)
        notify_applicant(dossier, event)
    return dossier
