"""What every action shares: the row lock, the actor an officer acts as, the permission and
transition checks, slips, and refusals recorded for inspectors.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import translation

from accounts.models import Role, User
from catalog.models import (
    StepAction,
)
from core import clock
from documents.files import staging
from dossiers import access, events
from dossiers.actors import Actor, ActorKind
from dossiers.errors import Conflict, DossierError, NotPermitted, RuleViolation
from dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    Slip,
    Status,
)
from dossiers.slips import component_list, create_slip
from dossiers.workflow import Action, next_status

ComponentState = DossierComponent.State

# Slips are assembled in dossiers.slips (once, for every slip); the actions call them so.
_component_list = component_list


def _slip(
    dossier: Dossier, kind: Slip.Kind, actor: Actor, event: DossierEvent, **content: Any
) -> Slip:
    """Issue the slip with ``event``. Signed and stored by the worker as soon as the slip
    exists (a download before that makes it on the spot, once). The slip row, due from now, is
    the outbox: this enqueue is the fast path, and the worker's sweep issues the slip if it is
    lost after the commit."""
    slip = create_slip(dossier, kind, actor, event, **content)
    transaction.on_commit(partial(_enqueue_slip, slip.pk))
    return slip


def _enqueue_slip(slip_id: int) -> None:
    from dossiers.tasks import issue_slip

    issue_slip.enqueue(slip_id)


log = logging.getLogger("dossiers.locks")

# A dossier's row lock (on SQLite, the whole database) is held until the commit, so rendering,
# signing and storing happen before it is taken; a lock held longer than this is logged.
LOCK_WARNING_SECONDS = 0.2


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
        raise Conflict("dossier.changed")
    return locked


def _optimistically[T](attempt: Callable[[], T]) -> T:
    """Run ``attempt``: its slow work unlocked, then ``_lock_unchanged`` and the short locked
    transaction. When the dossier changed meanwhile, run it once more from the start (it reads
    the dossier again and checks the rules against what it finds); a second change refuses.
    Files an attempt stored are removed unless it committed (``documents.files.staging``)."""
    try:
        with staging():
            return attempt()
    except Conflict:
        with staging():
            return attempt()


def _now() -> datetime:
    return clock.now()


def _person(actor: Actor) -> User:
    """The person behind ``actor``; systems do not hold steps or sit at desks."""
    if actor.user is None:
        raise NotPermitted("permission.system_only")
    user: User = actor.user
    return user


def _step_actor(actor: Actor, dossier: Dossier, step_action: StepAction) -> Actor:
    """The actor for a step action: holds the step's role in its unit, the step allows the
    action, and when the dossier is assigned, it is the assignee (or a leader there)."""
    step, unit = dossier.current_step, dossier.current_unit
    if step is None or unit is None:
        raise DossierError("step.none")
    # Permission first: someone who may not act learns nothing about the step's rules.
    if (refused := access.step_refusal(_person(actor), dossier)) is not None:
        raise refused
    if step_action not in step.actions:
        raise DossierError("step.action_not_allowed", step=step.name)
    return actor.as_officer(dossier.current_role, unit)


def _desk_actor(actor: Actor, dossier: Dossier) -> Actor:
    if not access.at_desk(_person(actor), dossier):
        raise NotPermitted("permission.desk_only")
    return actor.as_officer(Role.FRONT_DESK, dossier.receiving_unit)


def _permit(actor: Actor, dossier: Dossier, action: Action) -> None:
    """Refuse, before any rule is checked (and a violation recorded), whoever may not do
    ``action`` here: the faces ask ``access.can_act_on`` the same question."""
    if (refused := access.refusal(actor, dossier, action)) is not None:
        raise refused


def _transition(
    dossier: Dossier, action: Action, *, at_last_step: bool = False
) -> tuple[str, Status]:
    before = dossier.status
    return before, next_status(before, action, at_last_step=at_last_step)


def _refuse_and_record(
    dossier: Dossier,
    actor: Actor,
    code: str,
    attempted: str,
    *,
    components: list[int] | None = None,
    missing: list[int] | None = None,
    message_params: Mapping[str, str] | None = None,
) -> RuleViolation:
    """Record the unlawful attempt (committed even though the act is refused). The event keeps
    the message in Vietnamese, whoever's language the refusal is shown in."""
    violation = RuleViolation(code, **(message_params or {}))
    with translation.override("vi"):
        reason = violation.message
    events.rule_refused(
        dossier,
        actor,
        code=code,
        attempted=attempted,
        reason=reason,
        components=components,
        missing=missing,
    )
    return violation


@contextmanager
def _issuing() -> Iterator[None]:
    """Signing or template failures become a clear refusal; the transaction rolls back."""
    from documents.issue import TemplateFailed
    from documents.signing import SignatureError

    try:
        yield
    except (SignatureError, TemplateFailed) as exc:
        raise DossierError("signing.failed", detail=str(exc)) from exc


def _step_actor_any(actor: Actor, dossier: Dossier) -> Actor:
    """The officer holding the current step (a supplement can be asked at any step): the
    step's role at its unit, and the assignee when there is one (or a leader there)."""
    unit, refused = dossier.current_unit, access.step_refusal(_person(actor), dossier)
    if refused is not None:
        raise refused
    if unit is None:
        raise DossierError("step.none")
    return actor.as_officer(dossier.current_role, unit)


def _applicant_side(actor: Actor, dossier: Dossier) -> Actor:
    """A person acting as the applicant: the helper who lodged it is named as a helper."""
    user = _person(actor)
    if dossier.applicant_id != user.pk and dossier.assisted_by_id == user.pk:
        return actor.as_kind(ActorKind.HELPER)
    return actor.as_kind(ActorKind.APPLICANT)


def _applicant_or_desk(actor: Actor, dossier: Dossier, action: Action) -> Actor:
    """For what the applicant does online and the desk does at the counter: a system relaying
    the applicant, the applicant (or their helper), else the receiving unit's desk."""
    if actor.user is None:
        _permit(actor, dossier, action)
        return actor
    if access.is_applicant(actor.user, dossier):
        return _applicant_side(actor, dossier)
    return _desk_actor(actor, dossier)
