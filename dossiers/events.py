"""The dossier's event log: one builder per event type, and the check of the hash chain.

Each builder takes typed arguments and writes one ``DossierEvent`` with two parts: its
``parameters``, in words, for the timeline and the slips; and its facts, in typed columns, for
the lists and KPIs that filter on them (late, who a delay is attributed to, the channel, reuse,
digitization, supplements, the rule refused). Nothing reads facts back from the parameters,
and nothing outside this module creates events. The caller holds the dossier's row lock
(``select_for_update``): the sequence number and the chain head are read from the dossier.
A dossier's first event (``submitted``) may be given the dossier before its row is written:
the row is then inserted with the event, its chain head set (no other transaction sees it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models

from core import clock
from dossiers.actors import Actor
from dossiers.models import Dossier, DossierEvent, EventType, Outcome, Status

if TYPE_CHECKING:
    from accounts.models import User
    from catalog.models import WorkflowStep
    from documents.models import IssuedDocument
    from dossiers.models import Consultation
    from units.models import GovernmentUnit

# Events written by these builders hash their facts (see ``DossierEvent.schema``).
FACTS_SCHEMA = 2


# Compound facts


@dataclass(frozen=True)
class Holder:
    """Who held the dossier: the step, unit and officer a deadline fact is attributed to."""

    step_id: int | None
    step_name: str
    unit_id: int | None
    unit_code: str
    officer_id: int | None
    officer_name: str

    @classmethod
    def attributed_in(cls, event: DossierEvent) -> Holder:
        """The holder an event's facts name (its ``attributed_*`` columns)."""
        step, unit, officer = event.attributed_step, event.attributed_unit, event.attributed_officer
        return cls(
            step_id=event.attributed_step_id,
            step_name=step.name if step else "",
            unit_id=event.attributed_unit_id,
            unit_code=unit.code if unit else "",
            officer_id=event.attributed_officer_id,
            officer_name=officer.full_name if officer else "",
        )

    def parameters(self) -> dict[str, Any]:
        return {
            "step": self.step_name,
            "step_id": self.step_id,
            "unit": self.unit_code,
            "officer": self.officer_id,
            "officer_name": self.officer_name,
        }


@dataclass(frozen=True)
class LateFinish:
    """A decision after the dossier's due date. When the decision is the first record of the
    delay (the scan had not marked it overdue), who it belongs to and whether an apology came
    first; both None when the overdue mark already said so."""

    attributed: Holder | None = None
    without_apology: bool | None = None


@dataclass(frozen=True)
class Resumed:
    """A paused clock restarted: the office time it stood still, and the due date now."""

    paused_working_hours: float
    due_at: datetime | None

    def parameters(self) -> dict[str, Any]:
        return {
            "paused_working_hours": self.paused_working_hours,
            "due_at": self.due_at.isoformat() if self.due_at else None,
        }


@dataclass(frozen=True)
class DeclarationChange:
    """One value of a declaration changed by a correction: its data path, the field's label
    (Vietnamese, with the groups it belongs to), and the values as kept before and after
    (None: not declared)."""

    path: str
    label: str
    before: Any
    after: Any

    def parameters(self) -> dict[str, Any]:
        return {"path": self.path, "label": self.label, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Facts:
    """The fact columns of one event (``DossierEvent.FACT_FIELDS``, same names and order)."""

    late: bool = False
    step_overdue: bool = False
    finished_late: bool = False
    without_apology: bool | None = None
    attributed_step_id: int | None = None
    attributed_unit_id: int | None = None
    attributed_officer_id: int | None = None
    channel: int | None = None
    reused: int | None = None
    from_data: int | None = None
    digitized: int | None = None
    supplement_count: int | None = None
    rule_code: str = ""

    @classmethod
    def of(cls, event: DossierEvent) -> Facts:
        return cls(**{f.name: getattr(event, f.name) for f in fields(cls)})


def _attributed(holder: Holder | None) -> dict[str, Any]:
    if holder is None:
        return {}
    return {
        "attributed_step_id": holder.step_id,
        "attributed_unit_id": holder.unit_id,
        "attributed_officer_id": holder.officer_id,
    }


def _lateness(
    overran: Holder | None, finish: LateFinish | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Parameters and facts of leaving a step: it overran (held by ``overran``), and the
    dossier is decided after its due date (``finish``). The delay of the dossier, when this
    event records it first, is what the attribution names; else the step's overrun."""
    parameters: dict[str, Any] = {}
    if overran is not None:
        parameters.update(step_overdue=True, held_by=overran.parameters())
    if finish is not None:
        parameters["finished_late"] = True
        if finish.attributed is not None:
            parameters.update(
                without_apology=finish.without_apology,
                attributed_to=finish.attributed.parameters(),
            )
    facts = {
        "late": overran is not None or finish is not None,
        "step_overdue": overran is not None,
        "finished_late": finish is not None,
        "without_apology": finish.without_apology if finish else None,
        **_attributed(finish.attributed if finish and finish.attributed else overran),
    }
    return parameters, facts


def _append(
    dossier: Dossier,
    type: EventType,
    actor: Actor,
    *,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    parameters: dict[str, Any] | None = None,
    step_id: int | None = None,
    facts: Facts | None = None,
) -> DossierEvent:
    # A dossier not written yet (its first event, at intake) is inserted here with the chain
    # head already set: no UPDATE follows. Its id must be known for the hash (drawn ahead on
    # PostgreSQL, ``codes.next_code_and_id``); without one its row is written first.
    first = dossier._state.adding
    if first and dossier.pk is None:
        dossier.save(force_insert=True)
        first = False
    event = DossierEvent(
        dossier=dossier,
        seq=dossier.event_count + 1,
        type=type,
        at=clock.now(),
        actor=actor.user,
        actor_kind=actor.kind,
        actor_name=actor.name,
        actor_role=actor.role,
        actor_unit=actor.unit,
        step_id=step_id if step_id is not None else dossier.current_step_id,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        parameters=parameters or {},
        prev_hash=dossier.last_event_hash,
        schema=FACTS_SCHEMA,
        **asdict(facts or Facts()),
    )
    event.hash = event.compute_hash()
    dossier.event_count = event.seq
    dossier.last_event_hash = event.hash
    if first:
        dossier.save(force_insert=True)
        event.save()
        return event
    event.save()
    Dossier.objects.filter(pk=dossier.pk).update(event_count=event.seq, last_event_hash=event.hash)
    return event


# Intake and reception


def submitted(
    dossier: Dossier,
    actor: Actor,
    *,
    channel: int,
    receiving_unit: GovernmentUnit,
    competent_unit: GovernmentUnit,
    assisted_by: User | None,
    from_data: Mapping[int, str],
    reused: Mapping[int, str],
    digitized: int,
) -> DossierEvent:
    """Lodged. ``from_data``: component → the data source cited; ``reused``: component → the
    code of the document reused from the applicant's store; ``digitized``: scans certified."""
    return _append(
        dossier,
        EventType.SUBMITTED,
        actor,
        to_status=Status.SUBMITTED,
        parameters={
            "channel": channel,
            "receiving_unit": receiving_unit.code,
            "competent_unit": competent_unit.code,
            "assisted_by": assisted_by.pk if assisted_by else None,
            "from_data": {str(k): v for k, v in from_data.items()},
            "reused": {str(k): v for k, v in reused.items()},
        },
        facts=Facts(
            channel=channel, reused=len(reused), from_data=len(from_data), digitized=digitized
        ),
    )


def digitized(dossier: Dossier, actor: Actor, *, component_id: int, document: str) -> DossierEvent:
    """A paper component scanned at the desk; ``document`` is its certified copy's code."""
    return _append(
        dossier,
        EventType.DIGITIZED,
        actor,
        parameters={"component": component_id, "document": document},
        facts=Facts(digitized=1),
    )


def not_digitizable(
    dossier: Dossier, actor: Actor, *, component_id: int, reason: str
) -> DossierEvent:
    return _append(
        dossier,
        EventType.NOT_DIGITIZABLE,
        actor,
        reason=reason,
        parameters={"component": component_id},
    )


def received(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    received_at: datetime,
    due_at: datetime,
) -> DossierEvent:
    return _append(
        dossier,
        EventType.RECEIVED,
        actor,
        from_status=before,
        to_status=after,
        parameters={"due_at": due_at.isoformat(), "received_at": received_at.isoformat()},
    )


def supplement_requested(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    reason: str,
    components: Sequence[int],
    component_names: Sequence[str],
) -> DossierEvent:
    """The written request; the dossier's ``supplement_count`` already counts it."""
    return _append(
        dossier,
        EventType.SUPPLEMENT_REQUESTED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={"components": list(components), "component_names": list(component_names)},
        facts=Facts(supplement_count=dossier.supplement_count),
    )


def supplement_provided(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    note: str,
    components: Sequence[int],
    resumed: Resumed | None,
) -> DossierEvent:
    parameters: dict[str, Any] = {"components": sorted(components)}
    if resumed is not None:
        parameters.update(resumed.parameters())
    return _append(
        dossier,
        EventType.SUPPLEMENT_PROVIDED,
        actor,
        from_status=before,
        to_status=after,
        reason=note,
        parameters=parameters,
    )


def refused(
    dossier: Dossier, actor: Actor, *, before: str, after: str, reason: str
) -> DossierEvent:
    return _append(
        dossier, EventType.REFUSED, actor, from_status=before, to_status=after, reason=reason
    )


# Processing


def forwarded(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    note: str,
    step_id: int | None,
    overran: Holder | None,
    to_step: WorkflowStep,
    to_unit: GovernmentUnit,
) -> DossierEvent:
    """Passed from step ``step_id`` to the next; ``overran`` holds it if it ran late."""
    parameters, facts = _lateness(overran)
    return _append(
        dossier,
        EventType.FORWARDED,
        actor,
        from_status=before,
        to_status=after,
        reason=note,
        parameters={**parameters, "to_step": to_step.name, "to_unit": to_unit.code},
        step_id=step_id,
        facts=Facts(**facts),
    )


def _decided(
    type: EventType,
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    note: str,
    step_id: int | None,
    overran: Holder | None,
    finish: LateFinish | None,
    result: IssuedDocument,
    result_data: Mapping[str, Any] | None = None,
) -> DossierEvent:
    parameters, facts = _lateness(overran, finish)
    parameters.update(
        outcome=Outcome.GRANTED, result_document=result.code, result_sha256=result.sha256
    )
    if result_data:  # what the officer filled in the result schema, hashed with the decision
        parameters["result_data"] = dict(result_data)
    return _append(
        dossier,
        type,
        actor,
        from_status=before,
        to_status=after,
        reason=note,
        parameters=parameters,
        step_id=step_id,
        facts=Facts(**facts),
    )


def approved(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    note: str,
    step_id: int | None,
    overran: Holder | None,
    finish: LateFinish | None,
    result: IssuedDocument,
    result_data: Mapping[str, Any] | None = None,
) -> DossierEvent:
    """Granted at the last step by approval; ``result`` is the signed result issued."""
    return _decided(
        EventType.APPROVED,
        dossier,
        actor,
        before=before,
        after=after,
        note=note,
        step_id=step_id,
        overran=overran,
        finish=finish,
        result=result,
        result_data=result_data,
    )


def signed(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    note: str,
    step_id: int | None,
    overran: Holder | None,
    finish: LateFinish | None,
    result: IssuedDocument,
    result_data: Mapping[str, Any] | None = None,
) -> DossierEvent:
    """Granted at the last step by the leader's signature; ``result`` is the signed result."""
    return _decided(
        EventType.SIGNED,
        dossier,
        actor,
        before=before,
        after=after,
        note=note,
        step_id=step_id,
        overran=overran,
        finish=finish,
        result=result,
        result_data=result_data,
    )


def rejected(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    reason: str,
    step_id: int | None,
    overran: Holder | None,
    finish: LateFinish | None,
) -> DossierEvent:
    parameters, facts = _lateness(overran, finish)
    return _append(
        dossier,
        EventType.REJECTED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={**parameters, "outcome": Outcome.REJECTED},
        step_id=step_id,
        facts=Facts(**facts),
    )


def sent_back(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    reason: str,
    step_id: int | None,
    overran: Holder | None,
    to_step: WorkflowStep,
) -> DossierEvent:
    parameters, facts = _lateness(overran)
    return _append(
        dossier,
        EventType.SENT_BACK,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={**parameters, "to_step": to_step.name},
        step_id=step_id,
        facts=Facts(**facts),
    )


def assigned(
    dossier: Dossier, actor: Actor, *, before: str, after: str, assignee: User
) -> DossierEvent:
    return _append(
        dossier,
        EventType.ASSIGNED,
        actor,
        from_status=before,
        to_status=after,
        parameters={"assignee": assignee.pk, "assignee_name": assignee.full_name},
    )


def consultation_requested(
    dossier: Dossier, actor: Actor, *, before: str, after: str, consultation: Consultation
) -> DossierEvent:
    return _append(
        dossier,
        EventType.CONSULTATION_REQUESTED,
        actor,
        from_status=before,
        to_status=after,
        reason=consultation.question,
        parameters={
            "to_unit": consultation.to_unit.code,
            "consultation": consultation.pk,
            "due_at": consultation.due_at.isoformat(),
        },
    )


def consultation_answered(
    dossier: Dossier, actor: Actor, *, before: str, after: str, consultation: Consultation
) -> DossierEvent:
    return _append(
        dossier,
        EventType.CONSULTATION_ANSWERED,
        actor,
        from_status=before,
        to_status=after,
        reason=consultation.answer,
        parameters={"consultation": consultation.pk},
    )


def declaration_corrected(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    reason: str,
    changes: Sequence[DeclarationChange],
    schema_sha256: str,
) -> DossierEvent:
    """An obvious error of the declaration corrected by the officer who has the dossier in
    hand: every value changed, before and after, and why (all of it in the hash)."""
    return _append(
        dossier,
        EventType.DECLARATION_CORRECTED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={
            "changes": [change.parameters() for change in changes],
            "schema_sha256": schema_sha256,
        },
    )


# Closing


def result_returned(
    dossier: Dossier, actor: Actor, *, before: str, after: str, note: str, paper_scan: str = ""
) -> DossierEvent:
    """Handed over; ``paper_scan`` is the code of the certified scan of a paper result."""
    return _append(
        dossier,
        EventType.RESULT_RETURNED,
        actor,
        from_status=before,
        to_status=after,
        reason=note,
        parameters={"paper_scan": paper_scan} if paper_scan else {},
    )


def withdrawal_requested(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    reason: str,
    resumed: Resumed | None,
    consultations_cancelled: Sequence[int],
) -> DossierEvent:
    parameters = resumed.parameters() if resumed is not None else {}
    if consultations_cancelled:
        parameters["consultations_cancelled"] = list(consultations_cancelled)
    return _append(
        dossier,
        EventType.WITHDRAWAL_REQUESTED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters=parameters,
    )


def stopped(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    reason: str,
    consultations_cancelled: Sequence[int],
) -> DossierEvent:
    cancelled = list(consultations_cancelled)
    return _append(
        dossier,
        EventType.STOPPED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={"consultations_cancelled": cancelled} if cancelled else {},
    )


# Deadlines


def apology_issued(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    reason: str,
    old_due_at: datetime,
    attributed: Holder,
) -> DossierEvent:
    """The apology with a new date (the dossier's ``due_at`` now), for ``attributed``'s delay."""
    assert dossier.due_at is not None  # noqa: S101 - the new date was just set
    return _append(
        dossier,
        EventType.APOLOGY_ISSUED,
        actor,
        from_status=before,
        to_status=after,
        reason=reason,
        parameters={
            "old_due_at": old_due_at.isoformat(),
            "new_due_at": dossier.due_at.isoformat(),
            "attributed_to": attributed.parameters(),
        },
        facts=Facts(**_attributed(attributed)),
    )


def due_soon(
    dossier: Dossier, actor: Actor, *, before: str, after: str, attributed: Holder
) -> DossierEvent:
    return _append(
        dossier,
        EventType.DUE_SOON,
        actor,
        from_status=before,
        to_status=after,
        parameters={
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
            "attributed_to": attributed.parameters(),
        },
        facts=Facts(**_attributed(attributed)),
    )


def overdue(
    dossier: Dossier,
    actor: Actor,
    *,
    before: str,
    after: str,
    attributed: Holder,
    without_apology: bool,
) -> DossierEvent:
    """The dossier passed its due date, a delay that belongs to ``attributed``."""
    return _append(
        dossier,
        EventType.OVERDUE,
        actor,
        from_status=before,
        to_status=after,
        parameters={
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
            "attributed_to": attributed.parameters(),
            "without_apology": without_apology,
        },
        facts=Facts(late=True, without_apology=without_apology, **_attributed(attributed)),
    )


# Refusals


def rule_refused(
    dossier: Dossier,
    actor: Actor,
    *,
    code: str,
    attempted: str,
    reason: str,
    components: Sequence[int] | None = None,
    missing: Sequence[int] | None = None,
) -> DossierEvent:
    """An unlawful attempt, refused (``code``, from dossiers.errors) and kept for inspectors;
    ``components``: what was asked for, ``missing``: what should have been."""
    parameters: dict[str, Any] = {"attempted": attempted, "code": code}
    if components is not None:
        parameters["components"] = list(components)
    if missing is not None:
        parameters["missing"] = list(missing)
    return _append(
        dossier,
        EventType.RULE_REFUSED,
        actor,
        reason=reason,
        parameters=parameters,
        facts=Facts(rule_code=code),
    )


# Events from before the fact columns


class Referents:
    """What the parameters of old events name, as the rows that exist now: a unit by its
    code, an officer and a step by id (a row since deleted resolves to None). Shared by the
    backfill (migration 0008, with its historical models) and verification, so both derive
    the same facts."""

    def __init__(
        self, units: type[models.Model], users: type[models.Model], steps: type[models.Model]
    ) -> None:
        self._models = {"unit": units, "user": users, "step": steps}
        self._known: dict[tuple[str, object], int | None] = {}

    def _pk(self, kind: str, field: str, value: object) -> int | None:
        if (kind, value) not in self._known:
            rows = self._models[kind]._default_manager.filter(**{field: value})
            self._known[kind, value] = rows.values_list("pk", flat=True).first()
        return self._known[kind, value]

    def unit(self, code: object) -> int | None:
        return self._pk("unit", "code", code) if isinstance(code, str) and code else None

    def user(self, pk: object) -> int | None:
        return self._pk("user", "pk", pk) if isinstance(pk, int) else None

    def step(self, pk: object) -> int | None:
        return self._pk("step", "pk", pk) if isinstance(pk, int) else None

    @classmethod
    def current(cls) -> Referents:
        from accounts.models import User
        from catalog.models import WorkflowStep
        from units.models import GovernmentUnit

        return cls(GovernmentUnit, User, WorkflowStep)


def old_facts(
    type: str, parameters: Mapping[str, Any], *, supplements: int, referents: Referents
) -> Facts:
    """The facts of an event written before the fact columns (schema 1), from its hashed
    parameters; ``supplements``: the dossier's SUPPLEMENT_REQUESTED events so far, this one
    included. Frozen with those events: the backfill wrote its result and verification
    compares the columns with it, so a column changed since is caught."""
    held = parameters.get("attributed_to") or parameters.get("held_by") or {}
    step_overdue = parameters.get("step_overdue") is True
    finished_late = parameters.get("finished_late") is True
    without_apology = parameters.get("without_apology")
    facts: dict[str, Any] = {
        "late": step_overdue or finished_late or type == EventType.OVERDUE,
        "step_overdue": step_overdue,
        "finished_late": finished_late,
        "without_apology": without_apology if isinstance(without_apology, bool) else None,
        "attributed_step_id": referents.step(held.get("step_id")),
        "attributed_unit_id": referents.unit(held.get("unit")),
        "attributed_officer_id": referents.user(held.get("officer")),
    }
    if type == EventType.SUBMITTED:
        channel = parameters.get("channel")
        facts.update(
            channel=channel if isinstance(channel, int) else None,
            reused=len(parameters.get("reused") or {}),
            from_data=len(parameters.get("from_data") or {}),
        )
    elif type == EventType.DIGITIZED:
        facts["digitized"] = 1
    elif type == EventType.SUPPLEMENT_REQUESTED:
        facts["supplement_count"] = supplements
    elif type == EventType.RULE_REFUSED:
        facts["rule_code"] = str(parameters.get("code", ""))
    return Facts(**facts)


# Verification


@dataclass(frozen=True)
class ChainProblem:
    dossier_code: str
    seq: int
    message: str

    def __str__(self) -> str:
        return f"{self.dossier_code} #{self.seq}: {self.message}"


def verify_dossier(
    code: str,
    count: int,
    last_hash: str,
    events: list[DossierEvent],
    status: str = "",
    *,
    referents: Referents | None = None,
) -> Iterator[ChainProblem]:
    """Check one dossier's events (in seq order) against each other and the dossier row; the
    fact columns of old events against the parameters their hash covers."""
    previous_hash = ""
    supplements = 0
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            yield ChainProblem(code, event.seq, f"thiếu sự kiện số {expected_seq}")
        if event.prev_hash != previous_hash:
            yield ChainProblem(code, event.seq, "không nối với sự kiện trước (prev_hash)")
        if event.compute_hash() != event.hash:
            yield ChainProblem(code, event.seq, "nội dung đã bị sửa sau khi ghi (hash sai)")
        if event.type == EventType.SUPPLEMENT_REQUESTED:
            supplements += 1
        if event.schema < FACTS_SCHEMA:
            referents = referents or Referents.current()
            derived = old_facts(
                event.type, event.parameters, supplements=supplements, referents=referents
            )
            if Facts.of(event) != derived:
                yield ChainProblem(code, event.seq, "dữ kiện khác với tham số đã ghi (bị sửa?)")
        previous_hash = event.hash
    tail = (events[-1].seq, events[-1].hash) if events else (0, "")
    if tail != (count, last_hash):
        yield ChainProblem(code, count, "cuối chuỗi không khớp với hồ sơ (sự kiện bị xóa?)")
    recorded = next((e.to_status for e in reversed(events) if e.to_status), "")
    if status and recorded and status != recorded:
        yield ChainProblem(code, count, f"trạng thái {status} khác với lịch sử ({recorded})")


def verify_all(chunk_size: int = 2000) -> Iterator[ChainProblem]:
    """Walk every dossier and its events side by side, in id order, in constant memory."""
    dossiers = (
        Dossier.objects.order_by("id")
        .values_list("id", "code", "event_count", "last_event_hash", "status")
        .iterator(chunk_size=chunk_size)
    )
    events = DossierEvent.objects.order_by("dossier_id", "seq").iterator(chunk_size=chunk_size)
    referents = Referents.current()
    pending = next(events, None)
    for dossier_id, code, count, last_hash, status in dossiers:
        own: list[DossierEvent] = []
        while pending is not None and pending.dossier_id <= dossier_id:
            if pending.dossier_id == dossier_id:
                own.append(pending)
            pending = next(events, None)
        yield from verify_dossier(code, count, last_hash, own, status, referents=referents)
