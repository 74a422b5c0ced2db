"""Reads that the faces reuse: inboxes and their counts, dossier codes for rows that keep a
dossier by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.db.models import Model, OuterRef, Q, QuerySet, Subquery

from accounts.models import Role, User
from accounts.roles import memberships
from dossiers.access import visibility
from dossiers.models import (
    AT_A_STEP,
    AT_RECEPTION,
    AT_RETURN,
    Consultation,
    DeadlineState,
    Dossier,
    DossierEvent,
    EventType,
)

# What a list of dossiers never shows: the declaration and data of each dossier, and the long
# texts and schemas of its procedure (read only on the dossier's own page).
_PROCEDURE_TEXTS = (
    "steps",
    "conditions",
    "legal_basis",
    "receiving_address",
    "time_limit_note",
    "declaration_schema",
    "result_schema",
    "population_update",
    "result_holders",
    "to_verify",
    "search_document",
)
LIST_DEFERRED = (
    "form_data",
    "declaration",
    "declaration_sources",
    "result_data",
    *(f"procedure_version__{name}" for name in _PROCEDURE_TEXTS),
)


def listed(dossiers: QuerySet[Dossier], prefix: str = "") -> QuerySet[Dossier]:
    """``dossiers`` without what lists do not show (``LIST_DEFERRED``, under ``prefix`` when
    the dossiers are reached from another row)."""
    return dossiers.defer(*(f"{prefix}{name}" for name in LIST_DEFERRED))


def _base() -> QuerySet[Dossier]:
    return listed(
        Dossier.objects.select_related(
            "procedure_version__procedure", "current_step", "current_unit", "assignee"
        )
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


# Counts shown on tabs stop here: "more than 1,000" says as much as the exact figure would,
# and counting a busy unit's queue to the last row would cost more than showing it.
COUNT_CAP = 1000


def capped_count(queryset: QuerySet[Dossier]) -> int:
    """The number of rows, counted up to ``COUNT_CAP + 1`` (over the cap: more than it)."""
    return queryset.order_by()[: COUNT_CAP + 1].count()


# The violations list ------------------------------------------------------------------------


# The events the violations list shows: what was late, and the refused unlawful attempts. The
# partial index ``dossier_event_violations`` has the same condition, ordered newest first.
VIOLATION = Q(late=True) | Q(type=EventType.RULE_REFUSED)


@dataclass(frozen=True)
class Cursor:
    """Where a page of the violations list ends: the last event shown (its time and id)."""

    at: datetime
    pk: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}_{self.pk}"

    @classmethod
    def parse(cls, text: str) -> Cursor | None:
        """The cursor written by ``str`` (None when the text is not one)."""
        at, _sep, pk = text.rpartition("_")
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            return None
        if not pk.isdigit() or moment.tzinfo is None:
            return None
        return cls(moment, int(pk))


@dataclass(frozen=True)
class EventPage:
    events: list[DossierEvent]
    # The cursor of the next (older) page, None on the last page.
    next: Cursor | None


def violations(user: User, *, after: Cursor | None = None, size: int = 30) -> EventPage:
    """One page of the violations the officer may see, newest first, after ``after``.

    Keyset-paginated (no OFFSET, no COUNT): the page is read backwards from the partial index
    of violations, each event's dossier checked against ``access.visibility``, so the cost is
    that of the page, not of the millions of events before or after it."""
    events = DossierEvent.objects.filter(VIOLATION)
    condition = visibility(user, prefix="dossier__")
    if condition is not None:
        events = events.filter(condition)
    if after is not None:
        # ``at <= t`` first, so that the index scan starts there.
        events = events.filter(at__lte=after.at).filter(Q(at__lt=after.at) | Q(pk__lt=after.pk))
    # The page's ids first, from the index alone (with each dossier's visibility), then
    # their rows: the events skipped as not visible are never read.
    ids = list(events.order_by("-at", "-pk").values_list("pk", flat=True)[: size + 1])
    rows = list(
        DossierEvent.objects.filter(pk__in=ids)
        .select_related(
            "dossier__procedure_version",
            "attributed_step",
            "attributed_unit",
            "attributed_officer",
        )
        .defer(*(f"dossier__{name}" for name in LIST_DEFERRED))
        .order_by("-at", "-pk")
    )
    more = len(rows) > size
    rows = rows[:size]
    return EventPage(rows, Cursor(rows[-1].at, rows[-1].pk) if more else None)
