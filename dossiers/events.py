"""Writing and checking the hash-chained event log of a dossier."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core import clock
from dossiers.actors import SCHEDULER, Actor
from dossiers.models import Dossier, DossierEvent, EventType

# Kept for the callers that name the scheduler as the system.
SYSTEM = SCHEDULER


def append_event(
    dossier: Dossier,
    type: EventType,
    actor: Actor,
    *,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    parameters: dict[str, Any] | None = None,
    step_id: int | None = None,
) -> DossierEvent:
    """Append one event. The caller holds the dossier's row lock (select_for_update)."""
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
    )
    event.hash = event.compute_hash()
    event.save()
    dossier.event_count = event.seq
    dossier.last_event_hash = event.hash
    Dossier.objects.filter(pk=dossier.pk).update(event_count=event.seq, last_event_hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainProblem:
    dossier_code: str
    seq: int
    message: str

    def __str__(self) -> str:
        return f"{self.dossier_code} #{self.seq}: {self.message}"


def verify_dossier(
    code: str, count: int, last_hash: str, events: list[DossierEvent], status: str = ""
) -> Iterator[ChainProblem]:
    """Check one dossier's events (in seq order) against each other and the dossier row."""
    previous_hash = ""
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            yield ChainProblem(code, event.seq, f"thiếu sự kiện số {expected_seq}")
        if event.prev_hash != previous_hash:
            yield ChainProblem(code, event.seq, "không nối với sự kiện trước (prev_hash)")
        if event.compute_hash() != event.hash:
            yield ChainProblem(code, event.seq, "nội dung đã bị sửa sau khi ghi (hash sai)")
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
    pending = next(events, None)
    for dossier_id, code, count, last_hash, status in dossiers:
        own: list[DossierEvent] = []
        while pending is not None and pending.dossier_id <= dossier_id:
            if pending.dossier_id == dossier_id:
                own.append(pending)
            pending = next(events, None)
        yield from verify_dossier(code, count, last_hash, own, status)
