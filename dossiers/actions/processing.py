"""Processing steps: forwarding, sending back, assigning, consulting, deciding."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.files.base import File
from django.db import transaction

from accounts.models import Role, User
from accounts.roles import holds
from catalog.models import (
    StepAction,
)
from documents.checks import UploadRefused, check_upload
from dossiers import access, events
from dossiers.actions.clock import _finishing, _leaving_step
from dossiers.actions.common import (
    _issuing,
    _lock,
    _lock_unchanged,
    _now,
    _optimistically,
    _permit,
    _person,
    _read,
    _step_actor,
    _transition,
)
from dossiers.actions.steps import _enter_step, _leave_steps, _move
from dossiers.actors import Actor
from dossiers.errors import DossierError, NotPermitted, ResultDataInvalid
from dossiers.models import (
    Consultation,
    Dossier,
    Outcome,
)
from dossiers.notify import notify_applicant, notify_officer
from dossiers.workflow import Action
from eforms.validate import validate
from units.models import GovernmentUnit
from workdays.calendar import WorkCalendar, to_local

if TYPE_CHECKING:
    from dossiers.results import Prepared


def forward(dossier: Dossier, *, actor: Actor, note: str = "") -> Dossier:
    return _advance(dossier, actor=actor, step_action=StepAction.FORWARD, note=note)


def approve(
    dossier: Dossier,
    *,
    actor: Actor,
    note: str = "",
    result: str = "",
    result_file: File[Any] | None = None,
    result_data: Mapping[str, Any] | None = None,
) -> Dossier:
    """Approve the step; at the last step this decides the dossier and issues the result.
    ``result_data``: what the procedure's result schema asks (register number, validity…),
    filled by the step that decides only: checked against ``version.result_form``
    (ResultDataInvalid names each field at fault), kept on the dossier and rendered into the
    result; None keeps what the dossier holds (checked all the same)."""
    return _advance(
        dossier,
        actor=actor,
        step_action=StepAction.APPROVE,
        note=note,
        result=result,
        result_file=result_file,
        result_data=result_data,
    )


def sign(
    dossier: Dossier,
    *,
    actor: Actor,
    note: str = "",
    result: str = "",
    result_file: File[Any] | None = None,
    result_data: Mapping[str, Any] | None = None,
) -> Dossier:
    """At the last step: the leader signs the result, the unit's seal follows (documents).
    ``result_data``: what the procedure's result schema asks (as for ``approve``)."""
    return _advance(
        dossier,
        actor=actor,
        step_action=StepAction.SIGN,
        note=note,
        result=result,
        result_file=result_file,
        result_data=result_data,
    )


_ADVANCE = {
    StepAction.FORWARD: Action.FORWARD,
    StepAction.APPROVE: Action.APPROVE,
    StepAction.SIGN: Action.SIGN,
}


def _result_pdf(result_file: File[Any] | None) -> bytes | None:
    """An uploaded result, checked and cleaned like every upload; it must be a PDF."""
    if result_file is None:
        return None
    try:
        checked = check_upload(result_file, accepted=["pdf"])
    except UploadRefused as refused:
        raise DossierError("file.result_refused", detail=str(refused)) from None
    return checked.content


def _advance(
    dossier: Dossier,
    *,
    actor: Actor,
    step_action: StepAction,
    note: str,
    result: str = "",
    result_file: File[Any] | None = None,
    result_data: Mapping[str, Any] | None = None,
) -> Dossier:
    """Move to the next step; approving or signing the last step gives the result, issued
    as an electronic document signed by the leader and the unit (R30)."""
    upload = _result_pdf(result_file)
    return _optimistically(
        partial(_advance_once, dossier, actor, step_action, note, result, upload, result_data)
    )


def _advance_once(
    dossier: Dossier,
    actor: Actor,
    step_action: StepAction,
    note: str,
    result: str,
    upload: bytes | None,
    result_data: Mapping[str, Any] | None,
) -> Dossier:
    action = _ADVANCE[step_action]
    seen = _read(dossier)
    prepared, filled = _signed_result(seen, actor, step_action, result, upload, result_data)
    with transaction.atomic():
        dossier = _lock_unchanged(dossier, seen)
        actor = _step_actor(actor, dossier, step_action)
        step_id = dossier.current_step_id
        following = _move(dossier, +1)
        if following is None and step_action == StepAction.FORWARD:
            raise DossierError("step.last")
        before, after = _transition(dossier, action, at_last_step=following is None)
        overran = _leaving_step(dossier)
        if following is not None:
            _enter_step(dossier, following, WorkCalendar.load())
            dossier.status = after
            dossier.save()
            assert dossier.current_unit is not None  # noqa: S101 - every step has a unit
            events.forwarded(
                dossier,
                actor,
                before=before,
                after=after,
                note=note,
                step_id=step_id,
                overran=overran,
                to_step=following,
                to_unit=dossier.current_unit,
            )
            return dossier
        assert prepared is not None  # noqa: S101 - prepared for the same (unchanged) step
        dossier.outcome = Outcome.GRANTED
        dossier.result_summary = result
        if filled is not None:  # the data the result was rendered from
            dossier.result_data = filled
        # The time printed on the result, chosen before it was rendered.
        dossier.decided_at = prepared.document.issued_at
        finish = _finishing(dossier)
        document = prepared.record(dossier)
        _leave_steps(dossier)
        dossier.status = after
        dossier.save()
        decided = events.signed if step_action == StepAction.SIGN else events.approved
        event = decided(
            dossier,
            actor,
            before=before,
            after=after,
            note=note,
            step_id=step_id,
            overran=overran,
            finish=finish,
            result=document,
            result_data=filled,
        )
        notify_applicant(dossier, event)
    return dossier


def _signed_result(
    dossier: Dossier,
    actor: Actor,
    step_action: StepAction,
    result: str,
    upload: bytes | None,
    result_data: Mapping[str, Any] | None,
) -> tuple[Prepared | None, dict[str, Any] | None]:
    """When this act decides the dossier (the last step, approved or signed): the result
    data, checked, and the result rendered from it, signed by the leader and the unit, and
    stored — before the lock, from the dossier as read (``dossier``). Who may act and whether
    the act is allowed are checked first."""
    actor = _step_actor(actor, dossier, step_action)
    last = _move(dossier, +1) is None
    if step_action == StepAction.FORWARD or not last:
        if result_data:
            raise DossierError("result_data.not_deciding")
        return None, None
    _transition(dossier, _ADVANCE[step_action], at_last_step=True)
    filled = _checked_result_data(dossier, result_data)
    assert actor.unit is not None  # noqa: S101 - a step actor always acts for a unit
    from dossiers.results import prepare_result  # pyHanko and WeasyPrint load on use

    dossier.result_summary = result
    if filled is not None:  # the result templates read it from the dossier
        dossier.result_data = filled
    with _issuing():
        prepared = prepare_result(
            dossier, leader=_person(actor), unit=actor.unit, at=_now(), upload=upload
        )
    return prepared, filled


def _checked_result_data(
    dossier: Dossier, given: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The result data as kept (None: the procedure has no result schema), or
    ResultDataInvalid naming every field at fault."""
    form = dossier.procedure_version.result_form
    if form is None:
        if given:
            raise DossierError("result_data.unexpected")
        return None
    data = given if given is not None else dossier.result_data
    checked = validate(form, data or {}, today=to_local(_now()).date())
    if not checked.ok:
        raise ResultDataInvalid(checked.errors)
    return checked.data


def send_back(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    if not reason.strip():
        raise DossierError("send_back.reason_required")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(actor, dossier, StepAction.RETURN)
        before, after = _transition(dossier, Action.RETURN)
        step_id = dossier.current_step_id
        previous = _move(dossier, -1)
        if previous is None:
            raise DossierError("step.first")
        overran = _leaving_step(dossier)
        _enter_step(dossier, previous, WorkCalendar.load())
        dossier.save()
        events.sent_back(
            dossier,
            actor,
            before=before,
            after=after,
            reason=reason,
            step_id=step_id,
            overran=overran,
            to_step=previous,
        )
    return dossier


def assign(dossier: Dossier, *, actor: Actor, assignee: User) -> Dossier:
    """A leader of the unit holding the dossier gives it to a named officer of the step."""
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(actor, dossier, Action.ASSIGN)
        unit = dossier.current_unit
        assert unit is not None  # noqa: S101 - only a leader of the current unit gets here
        before, after = _transition(dossier, Action.ASSIGN)
        if not holds(assignee, dossier.current_role, unit):
            raise DossierError("assign.not_in_role", officer=str(assignee))
        dossier.assignee = assignee
        dossier.save()
        events.assigned(
            dossier,
            actor.as_officer(Role.LEADER, unit),
            before=before,
            after=after,
            assignee=assignee,
        )
        notify_officer(assignee, "inbox_arrived", dossier)
    return dossier


def consult(
    dossier: Dossier,
    *,
    actor: Actor,
    to_unit: GovernmentUnit,
    question: str,
    working_days: int = 2,
) -> Consultation:
    if not question.strip():
        raise DossierError("consult.question_required")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(actor, dossier, StepAction.CONSULT)
        if to_unit == dossier.current_unit:
            raise DossierError("consult.same_unit")
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
            requested_by=_person(actor),
            requested_at=now,
            due_at=due,
        )
        dossier.status = after
        dossier.save()
        events.consultation_requested(
            dossier, actor, before=before, after=after, consultation=consultation
        )
    return consultation


def answer_consultation(consultation: Consultation, *, actor: Actor, answer: str) -> Consultation:
    if not answer.strip():
        raise DossierError("consult.answer_required")
    with transaction.atomic():
        dossier = _lock(consultation.dossier)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.answered_at is not None:
            raise DossierError("consult.already_answered")
        unit = consultation.to_unit
        role = access.answering_role(_person(actor), consultation)
        if role is None:
            raise NotPermitted("permission.consulted_unit")
        if consultation.cancelled_at is not None:  # withdrawn when the dossier was
            raise DossierError("consult.cancelled")
        before, after = _transition(dossier, Action.ANSWER_CONSULTATION)
        consultation.answer, consultation.answered_by = answer, _person(actor)
        consultation.answered_at = _now()
        consultation.save()
        dossier.status = after
        dossier.save()
        events.consultation_answered(
            dossier,
            actor.as_officer(role, unit),
            before=before,
            after=after,
            consultation=consultation,
        )
        notify_officer(consultation.requested_by, "consultation_answered", dossier, unit=unit.name)
    return consultation


def reject(dossier: Dossier, *, actor: Actor, reason: str) -> Dossier:
    """The competent body declines to grant: the written reason is the result."""
    if not reason.strip():
        raise DossierError("reject.reason_required")
    with transaction.atomic():
        dossier = _lock(dossier)
        actor = _step_actor(actor, dossier, StepAction.REJECT)
        before, after = _transition(dossier, Action.REJECT)
        step_id = dossier.current_step_id
        dossier.status = after
        dossier.outcome = Outcome.REJECTED
        dossier.result_summary = reason
        dossier.decided_at = _now()
        overran, finish = _leaving_step(dossier), _finishing(dossier)
        _leave_steps(dossier)
        dossier.save()
        event = events.rejected(
            dossier,
            actor,
            before=before,
            after=after,
            reason=reason,
            step_id=step_id,
            overran=overran,
            finish=finish,
        )
        notify_applicant(dossier, event)
    return dossier
