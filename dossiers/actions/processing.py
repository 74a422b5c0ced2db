"""Processing steps: forwarding, sending back, assigning, consulting, deciding."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction

from accounts.models import Role, User
from accounts.roles import holds
from catalog.models import (
    StepAction,
)
from documents.checks import UploadRefused, check_upload
from dossiers.actions.clock import _finishing, _leaving_step
from dossiers.actions.common import (
    DossierError,
    _issuing,
    _lock,
    _lock_unchanged,
    _now,
    _optimistically,
    _permit,
    _read,
    _step_actor,
    _transition,
)
from dossiers.actions.steps import _enter_step, _leave_steps, _move
from dossiers.events import Actor, append_event
from dossiers.models import (
    Consultation,
    Dossier,
    EventType,
    Outcome,
    Status,
)
from dossiers.notify import notify_applicant
from dossiers.workflow import Action
from units.models import GovernmentUnit
from workdays.calendar import WorkCalendar, to_local

if TYPE_CHECKING:
    from dossiers.results import Prepared


def forward(dossier: Dossier, *, user: User, note: str = "") -> Dossier:
    return _advance(dossier, user=user, step_action=StepAction.FORWARD, note=note)


def approve(
    dossier: Dossier,
    *,
    user: User,
    note: str = "",
    result: str = "",
    result_file: File[Any] | None = None,
) -> Dossier:
    return _advance(
        dossier,
        user=user,
        step_action=StepAction.APPROVE,
        note=note,
        result=result,
        result_file=result_file,
    )


def sign(
    dossier: Dossier,
    *,
    user: User,
    note: str = "",
    result: str = "",
    result_file: File[Any] | None = None,
) -> Dossier:
    """At the last step: the leader signs the result, the unit's seal follows (documents)."""
    return _advance(
        dossier,
        user=user,
        step_action=StepAction.SIGN,
        note=note,
        result=result,
        result_file=result_file,
    )


_ADVANCE = {
    StepAction.FORWARD: (Action.FORWARD, EventType.FORWARDED),
    StepAction.APPROVE: (Action.APPROVE, EventType.APPROVED),
    StepAction.SIGN: (Action.SIGN, EventType.SIGNED),
}


def _result_pdf(result_file: File[Any] | None) -> bytes | None:
    """An uploaded result, checked and cleaned like every upload; it must be a PDF."""
    if result_file is None:
        return None
    try:
        checked = check_upload(result_file, accepted=["pdf"])
    except UploadRefused as refused:
        raise DossierError(f"Tệp kết quả: {refused}") from None
    return checked.content


def _advance(
    dossier: Dossier,
    *,
    user: User,
    step_action: StepAction,
    note: str,
    result: str = "",
    result_file: File[Any] | None = None,
) -> Dossier:
    """Move to the next step; approving or signing the last step gives the result, issued
    as an electronic document signed by the leader and the unit (R30)."""
    upload = _result_pdf(result_file)
    return _optimistically(partial(_advance_once, dossier, user, step_action, note, result, upload))


def _advance_once(
    dossier: Dossier,
    user: User,
    step_action: StepAction,
    note: str,
    result: str,
    upload: bytes | None,
    stored: list[str],
) -> Dossier:
    action, event_type = _ADVANCE[step_action]
    seen = _read(dossier)
    prepared = _signed_result(seen, user, step_action, result, upload, stored)
    with transaction.atomic():
        dossier = _lock_unchanged(dossier, seen)
        actor = _step_actor(user, dossier, step_action)
        before, after = _transition(dossier, action)
        step_id = dossier.current_step_id
        following = _move(dossier, +1)
        parameters: dict[str, Any] = _leaving_step(dossier)
        if following is not None:
            _enter_step(dossier, following, WorkCalendar.load())
            parameters["to_step"] = following.name
            parameters["to_unit"] = dossier.current_unit.code  # type: ignore[union-attr]
        elif step_action == StepAction.FORWARD:
            raise DossierError("Đây là bước cuối: cần phê duyệt hoặc ký kết quả.")
        else:
            assert prepared is not None  # noqa: S101 - prepared for the same (unchanged) step
            after = Status.DONE
            dossier.outcome = Outcome.GRANTED
            dossier.result_summary = result
            # The time printed on the result, chosen before it was rendered.
            dossier.decided_at = prepared.document.issued_at
            parameters.update(_finishing(dossier), outcome=Outcome.GRANTED)
            document = prepared.record(dossier)
            parameters.update(result_document=document.code, result_sha256=document.sha256)
            _leave_steps(dossier)
        dossier.status = after
        dossier.save()
        event = append_event(
            dossier,
            event_type,
            actor,
            from_status=before,
            to_status=after,
            reason=note,
            parameters=parameters,
            step_id=step_id,
        )
        if after == Status.DONE:
            notify_applicant(dossier, event)
    return dossier


def _signed_result(
    dossier: Dossier,
    user: User,
    step_action: StepAction,
    result: str,
    upload: bytes | None,
    stored: list[str],
) -> Prepared | None:
    """When this act decides the dossier (the last step, approved or signed): the result,
    rendered, signed by the leader and the unit, and stored — before the lock, from the dossier
    as read (``dossier``). Who may act and whether the act is allowed are checked first."""
    actor = _step_actor(user, dossier, step_action)
    _transition(dossier, _ADVANCE[step_action][0])
    if step_action == StepAction.FORWARD or _move(dossier, +1) is not None:
        return None
    assert actor.unit is not None  # noqa: S101 - a step actor always acts for a unit
    from dossiers.results import prepare_result  # pyHanko and WeasyPrint load on use

    dossier.result_summary = result
    with _issuing():
        prepared = prepare_result(dossier, leader=user, unit=actor.unit, at=_now(), upload=upload)
    stored.append(prepared.name)
    return prepared


def send_back(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do trả lại.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(user, dossier, StepAction.RETURN)
        before, after = _transition(dossier, Action.RETURN)
        step_id = dossier.current_step_id
        previous = _move(dossier, -1)
        if previous is None:
            raise DossierError("Đây là bước đầu tiên, không có bước trước.")
        leaving = _leaving_step(dossier)
        _enter_step(dossier, previous, WorkCalendar.load())
        dossier.save()
        append_event(
            dossier,
            EventType.SENT_BACK,
            actor,
            from_status=before,
            to_status=after,
            reason=reason,
            parameters={**leaving, "to_step": previous.name},
            step_id=step_id,
        )
    return dossier


def assign(dossier: Dossier, *, user: User, assignee: User) -> Dossier:
    """A leader of the unit holding the dossier gives it to a named officer of the step."""
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(user, dossier, Action.ASSIGN)
        unit = dossier.current_unit
        assert unit is not None  # noqa: S101 - only a leader of the current unit gets here
        before, after = _transition(dossier, Action.ASSIGN)
        if not holds(assignee, dossier.current_role, unit):
            raise DossierError(f"{assignee} không giữ vai trò của bước này tại đơn vị.")
        dossier.assignee = assignee
        dossier.save()
        append_event(
            dossier,
            EventType.ASSIGNED,
            Actor(user, Role.LEADER, unit),
            from_status=before,
            to_status=after,
            parameters={"assignee": assignee.pk, "assignee_name": assignee.full_name},
        )
    return dossier


def consult(
    dossier: Dossier, *, user: User, to_unit: GovernmentUnit, question: str, working_days: int = 2
) -> Consultation:
    if not question.strip():
        raise DossierError("Cần ghi nội dung xin ý kiến.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(user, dossier, StepAction.CONSULT)
        if to_unit == dossier.current_unit:
            raise DossierError("Chọn một đơn vị khác để xin ý kiến.")
        before, after = _transition(dossier, Action.CONSULT)
        now = _now()
        due = WorkCalendar.load().close_of_working_day(to_local(now).date(), max(working_days, 0))
        assert dossier.current_step is not None and actor.unit is not None  # noqa: S101
        consultation = Consultation.objects.create(
            dossier=dossier,
            step=dossier.current_step,
            from_unit=actor.unit,
            to_unit=to_unit,
            question=question,
            requested_by=user,
            requested_at=now,
            due_at=due,
        )
        dossier.status = after
        dossier.save()
        append_event(
            dossier,
            EventType.CONSULTATION_REQUESTED,
            actor,
            from_status=before,
            to_status=after,
            reason=question,
            parameters={
                "to_unit": to_unit.code,
                "consultation": consultation.pk,
                "due_at": due.isoformat(),
            },
        )
    return consultation


def answer_consultation(consultation: Consultation, *, user: User, answer: str) -> Consultation:
    if not answer.strip():
        raise DossierError("Cần ghi ý kiến trả lời.")
    with transaction.atomic():
        dossier = _lock(consultation.dossier)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.answered_at is not None:
            raise DossierError("Yêu cầu xin ý kiến này đã được trả lời.")
        unit = consultation.to_unit
        role = next((r for r in (Role.LEADER, Role.SPECIALIST) if holds(user, r, unit)), None)
        if role is None:
            raise PermissionDenied("Chỉ chuyên viên hoặc lãnh đạo của đơn vị được hỏi ý kiến.")
        before, after = _transition(dossier, Action.ANSWER_CONSULTATION)
        consultation.answer, consultation.answered_by = answer, user
        consultation.answered_at = _now()
        consultation.save()
        dossier.status = after
        dossier.save()
        append_event(
            dossier,
            EventType.CONSULTATION_ANSWERED,
            Actor(user, role, unit),
            from_status=before,
            to_status=after,
            reason=answer,
            parameters={"consultation": consultation.pk},
        )
    return consultation


def reject(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    """The competent body declines to grant: the written reason is the result."""
    if not reason.strip():
        raise DossierError("Cần ghi rõ lý do từ chối giải quyết.")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(user, dossier, StepAction.REJECT)
        before, after = _transition(dossier, Action.REJECT)
        step_id = dossier.current_step_id
        dossier.status = after
        dossier.outcome = Outcome.REJECTED
        dossier.result_summary = reason
        dossier.decided_at = _now()
        parameters = {**_leaving_step(dossier), **_finishing(dossier), "outcome": Outcome.REJECTED}
        _leave_steps(dossier)
        dossier.save()
        event = append_event(
            dossier,
            EventType.REJECTED,
            actor,
            from_status=before,
            to_status=after,
            reason=reason,
            parameters=parameters,
            step_id=step_id,
        )
        notify_applicant(dossier, event)
    return dossier
