"""The dossier's clock: pauses while a supplement is awaited, and who a delay belongs to."""

from __future__ import annotations

from datetime import datetime, timedelta

from dossiers.actions.common import _now
from dossiers.events import Holder, LateFinish, Resumed
from dossiers.models import (
    DeadlineState,
    Dossier,
)
from workdays.calendar import WorkCalendar


def _paused_time(dossier: Dossier, calendar: WorkCalendar) -> timedelta:
    """Office time the clock has been stopped so far (nothing when it runs)."""
    if dossier.paused_at is None:
        return timedelta()
    return calendar.working_time_between(dossier.paused_at, _now())


def _resume_clock(dossier: Dossier) -> Resumed | None:
    """Restart a paused clock: the due dates move on by the office time it was stopped."""
    if dossier.paused_at is None:
        return None
    calendar = WorkCalendar.load()
    paused = _paused_time(dossier, calendar)
    dossier.paused_working_days += round(paused / calendar.office_hours.day_length)
    if dossier.due_at:
        dossier.due_at = calendar.add_working_time(dossier.due_at, paused)
    if dossier.step_due_at:
        dossier.step_due_at = calendar.add_working_time(dossier.step_due_at, paused)
    dossier.paused_at = None
    return Resumed(round(paused.total_seconds() / 3600, 2), dossier.due_at)


def _effective_due(dossier: Dossier) -> datetime | None:
    """The due date as it stands now, counting a pause still running."""
    if dossier.due_at is None or dossier.paused_at is None:
        return dossier.due_at
    calendar = WorkCalendar.load()
    return calendar.add_working_time(dossier.due_at, _paused_time(dossier, calendar))


def _holder(dossier: Dossier) -> Holder:
    """Who holds the dossier: the step, unit and officer a delay now is attributed to."""
    step, unit, officer = dossier.current_step, dossier.current_unit, dossier.assignee
    return Holder(
        step_id=step.pk if step else None,
        step_name=step.name if step else "",
        unit_id=unit.pk if unit else None,
        unit_code=unit.code if unit else "",
        officer_id=officer.pk if officer else None,
        officer_name=officer.full_name if officer else "",
    )


def _late_holder(dossier: Dossier) -> Holder:
    """Who the delay belongs to: the first step that overran its own share of the time
    (recorded when it was left), else whoever holds the dossier now."""
    overran = (
        dossier.history()
        .filter(step_overdue=True)
        .select_related("attributed_step", "attributed_unit", "attributed_officer")
        .order_by("seq")
        .first()
    )
    if overran is not None:
        return Holder.attributed_in(overran)
    return _holder(dossier)


def _leaving_step(dossier: Dossier) -> Holder | None:
    """Who held the step being left, when it overran its due date (None when on time)."""
    if dossier.step_due_at is not None and _now() > dossier.step_due_at:
        return _holder(dossier)
    return None


def _finishing(dossier: Dossier) -> LateFinish | None:
    """The dossier ends after its due date (the scan may not have seen it yet): it is then
    marked overdue in the same transaction. None when it ends on time."""
    due = _effective_due(dossier)
    if due is None or _now() <= due:
        return None
    already = dossier.deadline_state == DeadlineState.OVERDUE
    dossier.deadline_state = DeadlineState.OVERDUE
    if already:
        return LateFinish()
    return LateFinish(attributed=_late_holder(dossier), without_apology=dossier.apology_at is None)
