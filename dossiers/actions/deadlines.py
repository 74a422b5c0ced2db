"""Deadlines: the apology with a new date, and the scan that marks dossiers due or late."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from accounts.models import Role
from accounts.roles import holds
from dossiers import events
from dossiers.actions.clock import _effective_due, _holder, _late_holder
from dossiers.actions.common import (
    _lock,
    _now,
    _permit,
    _person,
    _refuse_and_record,
    _slip,
    _transition,
)
from dossiers.actors import SCHEDULER, Actor
from dossiers.errors import DossierError, RuleViolation
from dossiers.models import (
    CLOCK_RUNNING,
    CLOSED,
    DeadlineState,
    Dossier,
    Slip,
)
from dossiers.notify import notify_applicant
from dossiers.workflow import Action, IllegalTransition
from workdays.calendar import WorkCalendar, to_local


def issue_apology(
    dossier: Dossier, *, actor: Actor, extra_working_days: int, reason: str
) -> Dossier:
    """Before the due date passes, apologise in writing and set a new date — once."""
    violation: RuleViolation | None = None
    if not reason.strip():
        raise DossierError("apology.reason_required")
    if extra_working_days < 1:
        raise DossierError("apology.too_short")
    with transaction.atomic():
        dossier = _lock(dossier)
        # Permission before the once-only and before-the-date rules, which are recorded.
        _permit(actor, dossier, Action.APOLOGIZE)
        unit = dossier.current_unit
        assert unit is not None  # noqa: S101 - only the step's holder or leader gets here
        leads = holds(_person(actor), Role.LEADER, unit)
        actor = actor.as_officer(Role.LEADER if leads else dossier.current_role, unit)
        before, after = _transition(dossier, Action.APOLOGIZE)
        if dossier.due_at is None:
            raise DossierError("apology.no_due_date")
        if dossier.apology_at is not None:
            violation = _refuse_and_record(
                dossier, actor, "apology.already_issued", "second_apology"
            )
        elif _now() >= (_effective_due(dossier) or dossier.due_at):
            violation = _refuse_and_record(
                dossier,
                actor,
                "apology.too_late",
                "late_apology",
            )
        else:
            # A running pause is added when the supplement arrives; the new date moves the
            # stored due date only by the days granted here.
            old_due = dossier.due_at
            dossier.due_at = WorkCalendar.load().extend(old_due, extra_working_days)
            dossier.apology_at = _now()
            dossier.deadline_state = DeadlineState.ON_TIME
            dossier.save()
            event = events.apology_issued(
                dossier,
                actor,
                before=before,
                after=after,
                reason=reason,
                old_due_at=old_due,
                attributed=_holder(dossier),
            )
            _slip(
                dossier,
                Slip.Kind.APOLOGY,
                actor,
                event,
                reason=reason,
                received_at=to_local(dossier.received_at).isoformat()
                if dossier.received_at
                else "",
                old_due_at=to_local(old_due).isoformat(),
                new_due_at=to_local(dossier.due_at).isoformat(),
            )
            notify_applicant(dossier, event)
    if violation is not None:
        raise violation
    return dossier


def mark_deadline(dossier: Dossier, state: DeadlineState, *, actor: Actor = SCHEDULER) -> bool:
    """Record that an open dossier became due soon or overdue (the deadline scan calls this).
    Returns False when there is nothing to record (already marked, closed, or paused)."""
    action = Action.MARK_OVERDUE if state == DeadlineState.OVERDUE else Action.MARK_DUE_SOON
    with transaction.atomic():
        dossier = _lock(dossier)
        _permit(actor, dossier, action)  # the scheduler's: never a person
        if dossier.deadline_state == state or dossier.status in CLOSED:
            return False
        try:
            before, after = _transition(dossier, action)
        except IllegalTransition:
            return False
        dossier.deadline_state = state
        dossier.save(update_fields=["deadline_state", "updated_at"])
        if state == DeadlineState.OVERDUE:
            events.overdue(
                dossier,
                actor,
                before=before,
                after=after,
                attributed=_late_holder(dossier),
                without_apology=dossier.apology_at is None,
            )
        else:
            events.due_soon(dossier, actor, before=before, after=after, attributed=_holder(dossier))
    return True


def scan_deadlines(now: datetime | None = None, *, actor: Actor = SCHEDULER) -> dict[str, int]:
    """Mark open dossiers due within one working day, and those past their due date."""
    now = now or _now()
    calendar = WorkCalendar.load()
    soon_limit = calendar.close_of_working_day(to_local(now).date(), 1)
    open_dossiers = Dossier.objects.filter(
        status__in=CLOCK_RUNNING,
        due_at__isnull=False,
    )
    counts = {"overdue": 0, "due_soon": 0}
    for dossier in (
        open_dossiers.filter(due_at__lt=now)
        .exclude(deadline_state=DeadlineState.OVERDUE)
        .only("pk")
    ):
        counts["overdue"] += mark_deadline(dossier, DeadlineState.OVERDUE, actor=actor)
    for dossier in open_dossiers.filter(
        due_at__gte=now, due_at__lte=soon_limit, deadline_state=DeadlineState.ON_TIME
    ).only("pk"):
        counts["due_soon"] += mark_deadline(dossier, DeadlineState.DUE_SOON, actor=actor)
    return counts
