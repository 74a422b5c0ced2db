"""What every action shares: the row lock, the actor an officer acts as, the permission and
transition checks, slips, and refusals recorded for inspectors.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from catalog.models import (
    StepAction,
)
from core import clock
from documents.files import discard_unreferenced
from dossiers import access
from dossiers.events import Actor, append_event
from dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    EventType,
    Slip,
    Status,
)
from dossiers.workflow import Action, next_status
from workdays.calendar import to_local

ComponentState = DossierComponent.State

log = logging.getLogger("dossiers.locks")

# A dossier's row lock (on SQLite, the whole database) is held until the commit, so rendering,
# signing and storing happen before it is taken; a lock held longer than this is logged.
LOCK_WARNING_SECONDS = 0.2


class DossierError(ValueError):
    """A request the rules refuse; the message is for the person who made it."""


class RuleViolation(DossierError):
    """An unlawful act the system refuses and records for inspectors."""


class DossierChanged(DossierError):
    """The dossier changed while an action did its slow work (rendering, signing) unlocked."""

    def __init__(self) -> None:
        super().__init__(
            _("Hồ sơ vừa được người khác cập nhật; vui lòng tải lại trang và thử lại.")
        )


def _lock(dossier: Dossier) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    transaction.on_commit(partial(_log_lock_held, locked.code, time.perf_counter()))
    return locked


def _log_lock_held(code: str, since: float) -> None:
    """After the commit: how long the row stayed locked (``lock_held``, in seconds)."""
    held = time.perf_counter() - since
    level = logging.WARNING if held > LOCK_WARNING_SECONDS else logging.DEBUG
    log.log(level, "Dossier %s locked for %.0f ms", code, held * 1000, extra={"lock_held": held})


def _read(dossier: Dossier) -> Dossier:
    """A fresh copy, not locked, for the slow work an action does before it locks the row."""
    return Dossier.objects.get(pk=dossier.pk)


def _lock_unchanged(dossier: Dossier, seen: Dossier) -> Dossier:
    """Lock the row if nothing happened to the dossier since ``seen`` was read: every change
    appends an event, so the event count and the chain's head say whether the documents
    prepared from ``seen`` still hold."""
    locked = _lock(dossier)
    if (locked.event_count, locked.last_event_hash) != (seen.event_count, seen.last_event_hash):
        raise DossierChanged
    return locked


def _optimistically[T](attempt: Callable[[list[str]], T]) -> T:
    """Run ``attempt``: its slow work unlocked, then ``_lock_unchanged`` and the short locked
    transaction. When the dossier changed meanwhile, run it once more from the start (it reads
    the dossier again and checks the rules against what it finds); a second change refuses."""
    try:
        return _discarding(attempt)
    except DossierChanged:
        return _discarding(attempt)


def _discarding[T](attempt: Callable[[list[str]], T]) -> T:
    """Files ``attempt`` stored (it lists them in its argument) go unless it committed."""
    stored: list[str] = []
    try:
        return attempt(stored)
    except BaseException:
        discard_unreferenced(stored)
        raise


def _now() -> datetime:
    return clock.now()


def _step_actor(user: User, dossier: Dossier, step_action: StepAction) -> Actor:
    """The actor for a step action: holds the step's role in its unit, the step allows the
    action, and when the dossier is assigned, it is the assignee (or a leader there)."""
    step, unit = dossier.current_step, dossier.current_unit
    if step is None or unit is None:
        raise DossierError("Hồ sơ không ở bước xử lý nào.")
    # Permission first: someone who may not act learns nothing about the step's rules.
    if (refused := access.step_refusal(user, dossier)) is not None:
        raise PermissionDenied(refused)
    if step_action not in step.actions:
        raise DossierError(f"Bước “{step.name}” không cho phép thao tác này.")
    return Actor(user, dossier.current_role, unit)


def _desk_actor(user: User, dossier: Dossier) -> Actor:
    if not access.at_desk(user, dossier):
        raise PermissionDenied("Chỉ cán bộ một cửa của đơn vị tiếp nhận được làm việc này.")
    return Actor(user, Role.FRONT_DESK, dossier.receiving_unit)


def _permit(user: User, dossier: Dossier, action: Action) -> None:
    """Refuse, before any rule is checked (and a violation recorded), whoever may not do
    ``action`` here: the back office asks ``access.can_act_on`` the same question."""
    if (refused := access.refusal(user, dossier, action)) is not None:
        raise PermissionDenied(refused)


def _transition(dossier: Dossier, action: Action) -> tuple[str, Status]:
    before = dossier.status
    return before, next_status(before, action)


def _slip(
    dossier: Dossier, kind: Slip.Kind, actor: Actor, event: DossierEvent, **content: Any
) -> Slip:
    assert actor.unit is not None  # noqa: S101 - slips are issued by a unit, never the system
    version = dossier.procedure_version
    base = {
        "dossier_code": dossier.code,
        "procedure_code": version.procedure.code,
        "procedure_name": version.name,
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": dossier.applicant_phone,
        "applicant_address": dossier.applicant_address,
        "unit_code": actor.unit.code if actor.unit else "",
        "unit_name": actor.unit.name if actor.unit else "",
        "issued_by": actor.name,
        "issued_at": to_local(event.at).isoformat(),
    }
    slip = Slip.objects.create(
        dossier=dossier,
        kind=kind,
        issued_at=event.at,
        issued_by=actor.user,
        unit=actor.unit,
        event=event,
        content={**base, **content},
    )
    # Signed and stored by the worker as soon as the slip exists (a download before that
    # makes it on the spot, once). The slip row, due from now, is the outbox: this enqueue is
    # the fast path, and the worker's sweep issues the slip if it is lost after the commit.
    transaction.on_commit(partial(_enqueue_slip, slip.pk))
    return slip


def _enqueue_slip(slip_id: int) -> None:
    from dossiers.tasks import issue_slip

    issue_slip.enqueue(slip_id)


def _component_list(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {"name": c.component.name, "state": c.state, "source": c.source}
        for c in dossier.components.select_related("component")
    ]


def _refuse_and_record(
    dossier: Dossier, actor: Actor, message: str, attempted: str, **parameters: Any
) -> RuleViolation:
    """Record the unlawful attempt (committed even though the act is refused)."""
    append_event(
        dossier,
        EventType.RULE_REFUSED,
        actor,
        reason=message,
        parameters={"attempted": attempted, **parameters},
    )
    return RuleViolation(message)


@contextmanager
def _issuing() -> Iterator[None]:
    """Signing or template failures become a clear refusal; the transaction rolls back."""
    from documents.issue import TemplateFailed
    from documents.signing import SignatureError

    try:
        yield
    except (SignatureError, TemplateFailed) as exc:
        raise DossierError(f"Không lập được văn bản có chữ ký số: {exc}") from exc


def _step_actor_any(user: User, dossier: Dossier) -> Actor:
    """The officer holding the current step (a supplement can be asked at any step): the
    step's role at its unit, and the assignee when there is one (or a leader there)."""
    unit, refused = dossier.current_unit, access.step_refusal(user, dossier)
    if unit is None or refused is not None:
        raise PermissionDenied(refused)
    return Actor(user, dossier.current_role, unit)
