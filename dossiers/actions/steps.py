"""Moving a dossier between the steps of its workflow."""

from __future__ import annotations

from catalog.models import (
    UnitRule,
    WorkflowStep,
)
from dossiers.actions.common import _now
from dossiers.models import (
    Dossier,
)
from units.models import GovernmentUnit
from workdays.calendar import WorkCalendar


def _step_unit(dossier: Dossier, step: WorkflowStep) -> GovernmentUnit:
    if step.unit_rule == UnitRule.RECEIVING:
        return dossier.receiving_unit
    if step.unit_rule == UnitRule.FIXED and step.unit is not None:
        return step.unit
    return dossier.competent_unit


def _steps(dossier: Dossier) -> list[WorkflowStep]:
    return list(dossier.workflow.steps.select_related("unit").order_by("position"))


def _enter_step(dossier: Dossier, step: WorkflowStep, calendar: WorkCalendar) -> None:
    dossier.current_step = step
    dossier.current_unit = _step_unit(dossier, step)
    dossier.current_role = step.role
    dossier.assignee = None
    # Counted like the overall limit: from the working moment the step is entered.
    entered = calendar.reception_time(_now()).date()
    step_due = calendar.close_of_working_day(entered, step.working_days)
    dossier.step_due_at = min(step_due, dossier.due_at) if dossier.due_at else step_due


def _close_consultations(dossier: Dossier) -> list[int]:
    """Withdraw open requests for opinions: nobody should answer for a closed dossier."""
    open_ones = dossier.consultations.filter(answered_at__isnull=True, cancelled_at__isnull=True)
    ids = list(open_ones.values_list("pk", flat=True))
    open_ones.update(cancelled_at=_now())
    return ids


def _leave_steps(dossier: Dossier) -> None:
    dossier.current_step = None
    dossier.current_unit = None
    dossier.current_role = ""
    dossier.assignee = None
    dossier.step_due_at = None


def _move(dossier: Dossier, offset: int) -> WorkflowStep | None:
    steps = _steps(dossier)
    index = next(i for i, s in enumerate(steps) if s.pk == dossier.current_step_id) + offset
    return steps[index] if 0 <= index < len(steps) else None
