"""Handing the result over, withdrawal and stopping."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.files.base import File
from django.db import transaction

from accounts.models import Role
from documents.checks import UploadRefused, check_upload
from dossiers import access, events
from dossiers.actions.clock import _resume_clock
from dossiers.actions.common import (
    _applicant_side,
    _desk_actor,
    _issuing,
    _lock,
    _lock_unchanged,
    _now,
    _optimistically,
    _permit,
    _person,
    _read,
    _slip,
    _transition,
)
from dossiers.actions.steps import _close_consultations, _leave_steps
from dossiers.actors import Actor
from dossiers.errors import DossierError
from dossiers.models import (
    Dossier,
    Outcome,
    Slip,
)
from dossiers.notify import notify_applicant
from dossiers.workflow import Action

if TYPE_CHECKING:
    from dossiers.results import Prepared


def return_result(
    dossier: Dossier, *, actor: Actor, note: str = "", paper_scan: File[Any] | None = None
) -> Dossier:
    """Hand the result over. Where the law requires a paper result, the scan of the signed and
    stamped paper is stored too, signed by the unit (and lands in the applicant's store)."""
    scan = None
    if paper_scan is not None:
        try:
            scan = check_upload(paper_scan, accepted=["pdf", "jpeg", "png", "tiff"]).content
        except UploadRefused as refused:
            raise DossierError("file.paper_scan_refused", detail=str(refused)) from None
    return _optimistically(partial(_return_result, dossier, actor, note, scan))


def _return_result(dossier: Dossier, actor: Actor, note: str, scan: bytes | None) -> Dossier:
    # The paper result's scan is signed before the lock, from the dossier as read then.
    seen = _read(dossier)
    paper_scan = _signed_paper_scan(seen, actor, scan)
    with transaction.atomic():
        dossier = _lock_unchanged(dossier, seen)
        actor = _desk_actor(actor, dossier)
        before, after = _transition(dossier, Action.RETURN_RESULT)
        scan_code = paper_scan.record(dossier).code if paper_scan is not None else ""
        dossier.status = after
        dossier.closed_at = _now()
        dossier.save()
        events.result_returned(
            dossier, actor, before=before, after=after, note=note, paper_scan=scan_code
        )
    return dossier


def paper_scan_required(dossier: Dossier) -> bool:
    """Whether handing the result over needs the scan of the signed paper: a granted dossier
    whose procedure issues its result on paper. The faces ask for the scan beforehand by it."""
    return dossier.outcome == Outcome.GRANTED and dossier.procedure_version.result_is_paper


def _signed_paper_scan(dossier: Dossier, actor: Actor, scan: bytes | None) -> Prepared | None:
    """Where the law requires a paper result: its scan, signed by the desk's unit and stored
    (refused without it). The desk's permission and the transition are checked first."""
    actor = _desk_actor(actor, dossier)
    _transition(dossier, Action.RETURN_RESULT)
    if not paper_scan_required(dossier):
        return None
    if scan is None:
        raise DossierError("result.paper_required")
    from dossiers.results import prepare_paper_result  # pyHanko loads on use

    assert actor.unit is not None  # noqa: S101 - the desk acts for its unit
    with _issuing():
        return prepare_paper_result(dossier, scan, unit=actor.unit, at=_now())


def request_withdrawal(dossier: Dossier, *, actor: Actor, reason: str = "") -> Dossier:
    """The applicant (or a system relaying them) asks to withdraw: the desk then stops it."""
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(actor, dossier, Action.REQUEST_WITHDRAWAL)
        before, after = _transition(dossier, Action.REQUEST_WITHDRAWAL)
        dossier.status = after
        resumed = _resume_clock(dossier)
        cancelled = _close_consultations(dossier)
        dossier.save()
        event = events.withdrawal_requested(
            dossier,
            _applicant_side(actor, dossier) if actor.user else actor,
            before=before,
            after=after,
            reason=reason,
            resumed=resumed,
            consultations_cancelled=cancelled,
        )
        notify_applicant(dossier, event)
    return dossier


def stop_dossier(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """Stop processing: on the applicant's withdrawal, or when a requested supplement never
    came. The stop notice is issued to the applicant."""
    if not reason.strip():
        raise DossierError("stop.reason_required")
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(actor, dossier, Action.STOP)
        if access.at_desk(_person(actor), dossier):
            actor = actor.as_officer(Role.FRONT_DESK, dossier.receiving_unit)
        else:
            actor = actor.as_officer(Role.LEADER, dossier.competent_unit)
        before, after = _transition(dossier, Action.STOP)
        dossier.status = after
        dossier.closed_at = _now()
        dossier.paused_at = None
        cancelled = _close_consultations(dossier)
        _leave_steps(dossier)
        dossier.save()
        event = events.stopped(
            dossier,
            actor,
            before=before,
            after=after,
            reason=reason,
            consultations_cancelled=cancelled,
        )
        _slip(dossier, Slip.Kind.STOP, actor, event, reason=reason)
        notify_applicant(dossier, event)
    return dossier
