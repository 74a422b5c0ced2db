"""The front desk: digitizing paper, accepting, refusing, and the one supplement request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.base import File
from django.db import transaction

from catalog.models import (
    Channel,
)
from documents.checks import UploadRefused, check_upload
from documents.store import applicant_store
from dossiers import access
from dossiers.actions.clock import _resume_clock
from dossiers.actions.common import (
    ComponentState,
    _applicant_or_desk,
    _component_list,
    _desk_actor,
    _lock,
    _now,
    _permit,
    _refuse_and_record,
    _slip,
    _step_actor_any,
    _transition,
)
from dossiers.actions.intake import _time_limit
from dossiers.actions.steps import _enter_step, _steps
from dossiers.actions.uploads import (
    SCAN_TYPES,
    _certify,
    _check_total,
    _checked,
    _discard,
    _save_file,
    _stored_bytes,
)
from dossiers.actors import Actor
from dossiers.errors import DossierError, RuleViolation
from dossiers.events import append_event
from dossiers.issued import own_document_ids
from dossiers.models import (
    Dossier,
    DossierComponent,
    EventType,
    Slip,
    Status,
)
from dossiers.notify import notify_applicant
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
        scan = check_upload(upload, accepted=SCAN_TYPES, max_bytes=component.max_bytes).as_file()
    except UploadRefused as refused:
        raise DossierError("file.refused", component=component.name, detail=str(refused)) from None
    _check_total([scan], _stored_bytes(dossier, besides=[component_id]))
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = _lock(dossier)
            actor, item = _desk_item(dossier, actor, component_id)
            now = _now()
            _save_file(item, scan, stored)
            item.note = ""
            item.save()
            _certify(item, dossier.receiving_unit, now, stored)
            append_event(
                dossier,
                EventType.DIGITIZED,
                actor,
                parameters={"component": component_id, "document": item.certified_copy},
            )
    except BaseException:
        _discard(stored)
        raise
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
        append_event(
            dossier,
            EventType.NOT_DIGITIZABLE,
            actor,
            reason=reason.strip(),
            parameters={"component": component_id},
        )
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
        event = append_event(
            dossier,
            EventType.RECEIVED,
            actor,
            from_status=before,
            to_status=after,
            parameters={"due_at": dossier.due_at.isoformat(), "received_at": received.isoformat()},
        )
        _slip(
            dossier,
            Slip.Kind.RECEIPT,
            actor,
            event,
            received_at=to_local(received).isoformat(),
            due_at=to_local(dossier.due_at).isoformat(),
            components=_component_list(dossier),
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
        if dossier.status in access.AT_RECEPTION:
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
    event = append_event(
        dossier,
        EventType.SUPPLEMENT_REQUESTED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={"components": wanted, "component_names": names},
    )
    _slip(dossier, Slip.Kind.SUPPLEMENT, actor, event, reason=reason, requested=names)
    notify_applicant(dossier, event)
    return None


def provide_supplement(
    dossier: Dossier, *, actor: Actor, files: Mapping[int, File[Any]], note: str = ""
) -> Dossier:
    """The applicant (online, or a system relaying them) or the desk (at the counter) hands in
    what was requested; the clock resumes, the due date moves by the days it was paused."""
    stored: list[str] = []
    try:
        return _provide_supplement(dossier, actor, files, note, stored)
    except BaseException:
        _discard(stored)
        raise


def _provide_supplement(
    dossier: Dossier, actor: Actor, files: Mapping[int, File[Any]], note: str, stored: list[str]
) -> Dossier:
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _applicant_or_desk(actor, dossier, Action.PROVIDE_SUPPLEMENT)
        before, after = _transition(dossier, Action.PROVIDE_SUPPLEMENT)
        requested = {
            c.component_id: c
            for c in dossier.components.filter(state=ComponentState.REQUESTED).select_related(
                "component"
            )
        }
        if set(files) != set(requested):
            raise DossierError("supplement.wrong_documents")
        files = _checked(files, {pk: item.component for pk, item in requested.items()})
        _check_total(files.values(), _stored_bytes(dossier, besides=files))
        for component_id, upload in files.items():
            item = requested[component_id]
            item.state, item.source = ComponentState.PROVIDED, "supplement"
            _save_file(item, upload, stored)
            item.save()
        parameters: dict[str, Any] = {"components": sorted(files)}
        parameters.update(_resume_clock(dossier))
        dossier.status = after
        dossier.save()
        append_event(
            dossier,
            EventType.SUPPLEMENT_PROVIDED,
            actor,
            from_status=before,
            to_status=after,
            reason=note,
            parameters=parameters,
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
        event = append_event(
            dossier, EventType.REFUSED, actor, from_status=before, to_status=after, reason=reason
        )
        _slip(dossier, Slip.Kind.REFUSAL, actor, event, reason=reason)
        notify_applicant(dossier, event)
    return dossier
