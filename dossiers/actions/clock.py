"""The dossier's clock: pauses while a supplement is awaited, and who a delay belongs to."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dossiers.actions.common import _now
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


def _resume_clock(dossier: Dossier) -> dict[str, Any]:
    """Restart a paused clock: the due dates move on by the office time it was stopped."""
    if dossier.paused_at is None:
        return {}
    calendar = WorkCalendar.load()
    paused = _paused_time(dossier, calendar)
    dossier.paused_working_days += round(paused / calendar.office_hours.day_length)
    if dossier.due_at:
        dossier.due_at = calendar.add_working_time(dossier.due_at, paused)
    if dossier.step_due_at:
        dossier.step_due_at = calendar.add_working_time(dossier.step_due_at, paused)
    dossier.paused_at = None
    return {
        "paused_working_hours": round(paused.total_seconds() / 3600, 2),
        "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
    }


def _effective_due(dossier: Dossier) -> datetime | None:
    """The due date as it stands now, counting a pause still running."""
    if dossier.due_at is None or dossier.paused_at is None:
        return dossier.due_at
    calendar = WorkCalendar.load()
    return calendar.add_working_time(dossier.due_at, _paused_time(dossier, calendar))


def _holder(dossier: Dossier) -> dict[str, Any]:
    """Who held the dossier: the step, unit and officer the delay is attributed to."""
    step = dossier.current_step
    return {
        "step": step.name if step else "",
        "step_id": step.pk if step else None,
        "unit": dossier.current_unit.code if dossier.current_unit else "",
        "officer": dossier.assignee_id,
        "officer_name": dossier.assignee.full_name if dossier.assignee else "",
    }


def _late_holder(dossier: Dossier) -> dict[str, Any]:
    """Who the delay belongs to: the first step that overran its own share of the time
    (recorded when it was left), else whoever holds the dossier now."""
    overran = (
        dossier.events.filter(parameters__step_overdue=True).order_by("seq").values("parameters")
    ).first()
    if overran is not None:
        held: dict[str, Any] = overran["parameters"]["held_by"]
        return held
    return _holder(dossier)


def _leaving_step(dossier: Dossier) -> dict[str, Any]:
    """Parameters recording that the step being left overran its due date."""
    if dossier.step_due_at is not None and _now() > dossier.step_due_at:
        return {"step_overdue": True, "held_by": _holder(dossier)}
    return {}


def _finishing(dossier: Dossier) -> dict[str, Any]:
    """Parameters recording that the dossier ends after its due date (the scan may not have
    seen it yet); it is then marked overdue in the same transaction."""
    due = _effective_due(dossier)
    if due is None or _now() <= due:
        return {}
    already = dossier.deadline_state == DeadlineState.OVERDUE
    dossier.deadline_state = DeadlineState.OVERDUE
    if already:
        return {"finished_late": True}
    return {
        "finished_late": True,
        "without_apology": dossier.apology_at is None,
        "attributed_to": _late_holder(dossier),
    }
