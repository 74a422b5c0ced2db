"""Checking and publishing configured workflows; the default workflow of a procedure."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from catalog.models import (
    ProcedureVersion,
    StepAction,
    UnitRule,
    Workflow,
    WorkflowStep,
)
from core import clock
from workdays.calendar import LimitUnit

FINISHING = {StepAction.APPROVE, StepAction.SIGN}


class WorkflowError(ValueError):
    pass


def check_workflow(workflow: Workflow) -> list[str]:
    """Every reason why ``workflow`` cannot be published (empty when it can)."""
    steps = list(workflow.steps.order_by("position"))
    problems: list[str] = []
    if not steps:
        return [_("Quy trình chưa có bước nào.")]
    for index, step in enumerate(steps):
        actions = set(step.actions)
        last = index == len(steps) - 1
        if not last and StepAction.FORWARD not in actions and not actions & FINISHING:
            problems.append(_("Bước %(n)s phải cho phép chuyển bước tiếp theo.") % {"n": index + 1})
        if last and not actions & FINISHING:
            problems.append(_("Bước cuối phải cho phép phê duyệt hoặc ký kết quả."))
        if last and StepAction.FORWARD in actions:
            problems.append(_("Bước cuối không có bước tiếp theo để chuyển."))
        if index == 0 and StepAction.RETURN in actions:
            problems.append(_("Bước đầu không có bước trước để trả lại."))
        if step.unit_rule == UnitRule.FIXED and step.unit_id is None:
            problems.append(_("Bước %(n)s chưa chọn đơn vị.") % {"n": index + 1})
    version = workflow.procedure_version
    total = sum(step.working_days for step in steps)
    if version.time_limit_unit == LimitUnit.WORKING_DAYS and total > version.time_limit_value:
        problems.append(
            _("Tổng số ngày của các bước (%(total)s) vượt thời hạn giải quyết (%(limit)s).")
            % {"total": total, "limit": version.time_limit_value}
        )
    if version.time_limit_unit == LimitUnit.SAME_DAY and total:
        problems.append(_("Thủ tục giải quyết trong ngày: các bước phải có 0 ngày."))
    return problems


@transaction.atomic
def publish_workflow(workflow: Workflow) -> Workflow:
    workflow = Workflow.objects.select_for_update().get(pk=workflow.pk)
    if workflow.status == Workflow.Status.PUBLISHED:
        raise WorkflowError(_("Quy trình này đã được công bố."))
    problems = check_workflow(workflow)
    if problems:
        raise WorkflowError(" ".join(problems))
    workflow.status = Workflow.Status.PUBLISHED
    workflow.published_at = clock.now()
    workflow.save(update_fields=["status", "published_at"])
    return workflow


@transaction.atomic
def copy_as_draft(workflow: Workflow) -> Workflow:
    """A new draft version with the same steps, to edit and publish."""
    latest = Workflow.objects.filter(procedure_version=workflow.procedure_version).order_by(
        "-number"
    )[0]
    draft = Workflow.objects.create(
        procedure_version=workflow.procedure_version, number=latest.number + 1
    )
    WorkflowStep.objects.bulk_create(
        WorkflowStep(
            workflow=draft,
            position=step.position,
            name=step.name,
            unit_rule=step.unit_rule,
            unit_id=step.unit_id,
            role=step.role,
            working_days=step.working_days,
            actions=list(step.actions),
        )
        for step in workflow.steps.all()
    )
    return draft


@transaction.atomic
def create_default_workflow(version: ProcedureVersion) -> Workflow:
    """Two steps at the competent unit: a specialist examines, a leader approves and signs.

    The specialist's share is the time limit less one working day for the leader; same-day
    procedures give both steps the same day.
    """
    days = version.time_limit_value if version.time_limit_unit == LimitUnit.WORKING_DAYS else 0
    leader_days = 1 if days >= 2 else 0
    workflow = Workflow.objects.create(procedure_version=version, number=1)
    WorkflowStep.objects.bulk_create(
        [
            WorkflowStep(
                workflow=workflow,
                position=1,
                name=_("Thụ lý, thẩm định hồ sơ"),
                role=Role.SPECIALIST,
                working_days=days - leader_days,
                actions=[
                    StepAction.FORWARD,
                    StepAction.CONSULT,
                    StepAction.REJECT,
                ],
            ),
            WorkflowStep(
                workflow=workflow,
                position=2,
                name=_("Phê duyệt, ký kết quả"),
                role=Role.LEADER,
                working_days=leader_days,
                actions=[StepAction.RETURN, StepAction.APPROVE, StepAction.SIGN, StepAction.REJECT],
            ),
        ]
    )
    return publish_workflow(workflow)
