"""Deadlines: the apology with a new date, and the scan that marks dossiers due or late."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.roles import holds
from dossiers import events
from dossiers.actions.clock import _effective_due, _holder, _late_holder
from dossiers.actions.common import (
    _lock,
    _log_lock_held,
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
from dossiers.notify import notify_applicant, notify_officer
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


def _lock_to_mark(dossier: Dossier) -> Dossier:
    """Lock the dossier's row (only its row), with who holds it read in the same query: the
    overdue and due-soon events attribute the delay to them."""
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("current_step", "current_unit", "assignee")
        .get(pk=dossier.pk)
    )
    transaction.on_commit(partial(_log_lock_held, locked.code, time.perf_counter()))
    return locked


def mark_deadline(dossier: Dossier, state: DeadlineState, *, actor: Actor = SCHEDULER) -> bool:
    """Record that an open dossier became due soon or overdue (the deadline scan calls this).
    Returns False when there is nothing to record (already marked, closed, or paused)."""
    action = Action.MARK_OVERDUE if state == DeadlineState.OVERDUE else Action.MARK_DUE_SOON
    with transaction.atomic():
        dossier = _lock_to_mark(dossier)
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
        if dossier.assignee_id is not None:
            notify_officer(dossier.assignee, str(state), dossier)
    return True


# Dossiers marked per round of the scan (each still in its own short transaction).
SCAN_BATCH = 500


def _pending() -> QuerySet[Dossier]:
    """Open dossiers whose clock runs, with a due date, not yet marked overdue: what the
    partial index ``dossier_deadline_pending`` holds, so the scan never reads the dossiers
    already overdue (however many there are) nor the closed ones."""
    return Dossier.objects.filter(
        status__in=CLOCK_RUNNING,
        deadline_state__in=(DeadlineState.ON_TIME, DeadlineState.DUE_SOON),
        due_at__isnull=False,
    )


def _in_batches(candidates: QuerySet[Dossier], size: int) -> Iterator[list[Dossier]]:
    """The candidates in due-date order, ``size`` at a time (one query each), by keyset: a
    dossier left unmarked (changed meanwhile) is not read again."""
    after: tuple[datetime, int] | None = None
    while True:
        rows = candidates
        if after is not None:
            rows = rows.filter(due_at__gte=after[0]).filter(
                Q(due_at__gt=after[0]) | Q(pk__gt=after[1])
            )
        batch = list(rows.order_by("due_at", "pk").only("pk", "due_at")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1]
        assert last.due_at is not None  # noqa: S101 - the candidates have a due date
        after = (last.due_at, last.pk)
        if len(batch) < size:
            return


def scan_deadlines(
    now: datetime | None = None, *, actor: Actor = SCHEDULER, batch: int = SCAN_BATCH
) -> dict[str, int]:
    """Mark open dossiers due within one working day, and those past their due date."""
    now = now or _now()
    counts = {"overdue": 0, "due_soon": 0}
    for rows in _in_batches(_pending().filter(due_at__lt=now), batch):
        for dossier in rows:
            counts["overdue"] += mark_deadline(dossier, DeadlineState.OVERDUE, actor=actor)
    soon_limit = WorkCalendar.load().close_of_working_day(to_local(now).date(), 1)
    due_soon = _pending().filter(
        deadline_state=DeadlineState.ON_TIME, due_at__gte=now, due_at__lte=soon_limit
    )
    for rows in _in_batches(due_soon, batch):
        for dossier in rows:
            counts["due_soon"] += mark_deadline(dossier, DeadlineState.DUE_SOON, actor=actor)
    return counts
