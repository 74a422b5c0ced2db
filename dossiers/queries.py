"""Reads that the faces reuse: inboxes and their counts, dossier codes for rows that keep a
dossier by id."""

from __future__ import annotations

from typing import cast

from django.db.models import Model, OuterRef, Q, QuerySet, Subquery

from accounts.models import Role, User
from accounts.roles import memberships
from dossiers.models import (
    AT_A_STEP,
    AT_RECEPTION,
    AT_RETURN,
    Consultation,
    DeadlineState,
    Dossier,
)


def _base() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "procedure_version__procedure", "current_step", "current_unit", "assignee"
    )


def reception_queue(user: User) -> QuerySet[Dossier]:
    """Dossiers waiting at the desks where the user receives."""
    units = [uid for uid, role, _p in memberships(user) if role == Role.FRONT_DESK]
    return (
        _base()
        .filter(
            receiving_unit_id__in=units,
            status__in=AT_RECEPTION,
        )
        .order_by("submitted_at")
    )


def processing_queue(user: User) -> QuerySet[Dossier]:
    """Dossiers at a step the user works: their role at the step's unit, unassigned or
    assigned to them (leaders see everything at their unit)."""
    condition = Q(pk__in=[])
    for unit_id, role, _path in memberships(user):
        here = Q(current_unit_id=unit_id, current_role=role)
        if role != Role.LEADER:
            here &= Q(assignee__isnull=True) | Q(assignee=user)
        condition |= here
        if role == Role.LEADER:
            condition |= Q(current_unit_id=unit_id)
    return _base().filter(condition, status__in=AT_A_STEP).order_by("due_at")


def return_queue(user: User) -> QuerySet[Dossier]:
    """Results to hand over and withdrawals to close, at the user's desks."""
    units = [uid for uid, role, _p in memberships(user) if role == Role.FRONT_DESK]
    return _base().filter(receiving_unit_id__in=units, status__in=AT_RETURN).order_by("decided_at")


def open_consultations(user: User) -> QuerySet[Consultation]:
    units = [uid for uid, role, _p in memberships(user) if role in (Role.SPECIALIST, Role.LEADER)]
    return (
        Consultation.objects.filter(
            to_unit_id__in=units, answered_at__isnull=True, cancelled_at__isnull=True
        )
        .select_related("dossier__procedure_version", "from_unit")
        .order_by("due_at")
    )


def late(queryset: QuerySet[Dossier], state: DeadlineState) -> QuerySet[Dossier]:
    return queryset.filter(deadline_state=state)


def with_dossier_code[Row: Model](rows: QuerySet[Row]) -> QuerySet[Row]:
    """Rows of a lower app that keep their dossier by id (``dossier_id``: registry lookups and
    correction requests), each with the dossier's code as ``dossier_code`` (one subquery)."""
    code = Dossier.objects.filter(pk=OuterRef("dossier_id")).values("code")[:1]
    # The stubs lose the row type through annotate(); the rows are the same model's.
    return cast("QuerySet[Row]", rows.annotate(dossier_code=Subquery(code)))
