"""Handing the result over, withdrawal and stopping."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.files.base import File
from django.db import transaction

from accounts.models import Role, User
from documents.checks import UploadRefused, check_upload
from dossiers import access
from dossiers.actions.clock import _resume_clock
from dossiers.actions.common import (
    DossierError,
    _desk_actor,
    _issuing,
    _lock,
    _lock_unchanged,
    _now,
    _optimistically,
    _permit,
    _read,
    _slip,
    _transition,
)
from dossiers.actions.steps import _close_consultations, _leave_steps
from dossiers.events import Actor, append_event
from dossiers.models import (
    Dossier,
    EventType,
    Outcome,
    Slip,
)
from dossiers.notify import notify_applicant
from dossiers.workflow import Action

if TYPE_CHECKING:
    from dossiers.results import Prepared


def return_result(
    dossier: Dossier, *, user: User, note: str = "", paper_scan: File[Any] | None = None
) -> Dossier:
    """Hand the result over. Where the law requires a paper result, the scan of the signed and
    stamped paper is stored too, signed by the unit (and lands in the applicant's store)."""
    scan = None
    if paper_scan is not None:
        try:
            scan = check_upload(paper_scan, accepted=["pdf", "jpeg", "png", "tiff"]).content
        except UploadRefused as refused:
            raise DossierError(f"Bản quét kết quả bản giấy: {refused}") from None
    return _optimistically(partial(_return_result, dossier, user, note, scan))


def _return_result(
    dossier: Dossier, user: User, note: str, scan: bytes | None, stored: list[str]
) -> Dossier:
    # The paper result's scan is signed before the lock, from the dossier as read then.
    seen = _read(dossier)
    paper_scan = _signed_paper_scan(seen, user, scan, stored)
    with transaction.atomic():
        dossier = _lock_unchanged(dossier, seen)
        actor = _desk_actor(user, dossier)
        before, after = _transition(dossier, Action.RETURN_RESULT)
        parameters: dict[str, Any] = {}
        if paper_scan is not None:
            parameters["paper_scan"] = paper_scan.record(dossier).code
        dossier.status = after
        dossier.closed_at = _now()
        dossier.save()
        append_event(
            dossier,
            EventType.RESULT_RETURNED,
            actor,
            from_status=before,
            to_status=after,
            reason=note,
            parameters=parameters,
        )
    return dossier


def _signed_paper_scan(
    dossier: Dossier, user: User, scan: bytes | None, stored: list[str]
) -> Prepared | None:
    """Where the law requires a paper result: its scan, signed by the desk's unit and stored
    (refused without it). The desk's permission and the transition are checked first."""
    actor = _desk_actor(user, dossier)
    _transition(dossier, Action.RETURN_RESULT)
    if dossier.outcome != Outcome.GRANTED or not dossier.procedure_version.result_is_paper:
        return None
    if scan is None:
        raise DossierError(
            "Kết quả của thủ tục này phải có bản giấy: tải lên bản quét bản giấy đã ký, "
            "đóng dấu trước khi trả."
        )
    from dossiers.results import prepare_paper_result  # pyHanko loads on use

    assert actor.unit is not None  # noqa: S101 - the desk acts for its unit
    with _issuing():
        prepared = prepare_paper_result(dossier, scan, unit=actor.unit, at=_now())
    stored.append(prepared.name)
    return prepared


def request_withdrawal(dossier: Dossier, *, user: User, reason: str = "") -> Dossier:
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(user, dossier, Action.REQUEST_WITHDRAWAL)
        before, after = _transition(dossier, Action.REQUEST_WITHDRAWAL)
        dossier.status = after
        resumed = _resume_clock(dossier)
        if cancelled := _close_consultations(dossier):
            resumed["consultations_cancelled"] = cancelled
        dossier.save()
        event = append_event(
            dossier,
            EventType.WITHDRAWAL_REQUESTED,
            Actor(user),
            from_status=before,
            to_status=after,
            reason=reason,
            parameters=resumed,
        )
        notify_applicant(dossier, event)
    return dossier


def stop_dossier(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    """Stop processing: on the applicant's withdrawal, or when a requested supplement never
    came. The stop notice is issued to the applicant."""
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do dừng xử lý.")
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(user, dossier, Action.STOP)
        if access.at_desk(user, dossier):
            actor = Actor(user, Role.FRONT_DESK, dossier.receiving_unit)
        else:
            actor = Actor(user, Role.LEADER, dossier.competent_unit)
        before, after = _transition(dossier, Action.STOP)
        dossier.status = after
        dossier.closed_at = _now()
        dossier.paused_at = None
        cancelled = _close_consultations(dossier)
        _leave_steps(dossier)
        dossier.save()
        event = append_event(
            dossier,
            EventType.STOPPED,
            actor,
            from_status=before,
            to_status=after,
            reason=reason,
            parameters={"consultations_cancelled": cancelled} if cancelled else {},
        )
        _slip(dossier, Slip.Kind.STOP, actor, event, reason=reason)
        notify_applicant(dossier, event)
    return dossier
