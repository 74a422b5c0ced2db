"""Who may see and act on a dossier. Views reach dossiers only through these helpers; a
dossier that is missing and one that is forbidden give the same 404."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from accounts.roles import WORKING_ROLES, holds, memberships
from dossiers.actors import Actor, ActorKind
from dossiers.errors import NotPermitted
from dossiers.models import AT_RECEPTION, Consultation, Dossier, EventType
from dossiers.workflow import Action, allowed_actions
from units.models import GovernmentUnit


def is_applicant(user: User, dossier: Dossier) -> bool:
    return user.is_authenticated and user.pk in {
        dossier.applicant_id,
        dossier.assisted_by_id,
    } | ({dossier.created_by_id} if not user.is_officer else set())


def may_withdraw(user: User, dossier: Dossier) -> bool:
    """Withdrawing is the applicant's decision: the helper who lodged it for them may act
    only when the applicant has no account of their own."""
    if not user.is_authenticated:
        return False
    if dossier.applicant_id is not None:
        return bool(user.pk == dossier.applicant_id)
    return is_applicant(user, dossier)


def visibility(user: User, prefix: str = "") -> Q | None:
    """The condition a dossier (reached through ``prefix``, e.g. ``"dossier__"`` from its
    events) meets when the officer may open it; None: every dossier (superusers).

    Those touching a unit where they hold a role (receiving, competent, current, or asked for
    an opinion), and for inspectors every dossier received or decided in their unit's subtree.
    Each term is a column compared with a list of unit ids or with a subquery PostgreSQL
    hashes once (the consulted dossiers, the units under an inspector's path): no join, so no
    DISTINCT, and a single dossier or a page of events is checked row by row from an index."""
    if user.is_superuser:
        return None
    roles = memberships(user)
    if not roles:
        return Q(pk__in=[])
    units = sorted({uid for uid, _r, _p in roles})
    consulted = Consultation.objects.filter(to_unit_id__in=units).values("dossier_id")
    condition = (
        Q(**{f"{prefix}receiving_unit_id__in": units})
        | Q(**{f"{prefix}competent_unit_id__in": units})
        | Q(**{f"{prefix}current_unit_id__in": units})
        | Q(**{f"{prefix}pk__in": consulted})
    )
    paths = sorted({path for _u, role, path in roles if role == Role.INSPECTOR})
    if paths:
        under = Q(pk__in=[])
        for path in paths:
            under |= Q(path__startswith=path)
        inspected = GovernmentUnit.objects.filter(under).values("pk")
        condition |= Q(**{f"{prefix}receiving_unit_id__in": inspected}) | Q(
            **{f"{prefix}competent_unit_id__in": inspected}
        )
    return condition


def visible_to_officer(user: User) -> QuerySet[Dossier]:
    """Dossiers an officer may open (``visibility``)."""
    condition = visibility(user)
    return Dossier.objects.all() if condition is None else Dossier.objects.filter(condition)


def get_dossier_for_officer(user: User, code: str) -> Dossier:
    """The dossier with this code if the officer may open it (one query, by the code's unique
    index), with what every dossier page shows of it."""
    dossier = (
        visible_to_officer(user)
        .filter(code=code)
        .select_related(
            "procedure_version__procedure",
            "current_step__workflow",
            "current_unit",
            "receiving_unit",
            "competent_unit",
            "assignee",
        )
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def get_dossier_for_applicant(user: User, code: str) -> Dossier:
    dossier = (
        Dossier.objects.filter(code=code)
        .filter(Q(applicant=user) | Q(assisted_by=user) | Q(created_by=user))
        .first()
    )
    if dossier is None or not is_applicant(user, dossier):
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def at_desk(user: User, dossier: Dossier) -> bool:
    """A front-desk officer of the unit that received the dossier."""
    return holds(user, Role.FRONT_DESK, dossier.receiving_unit)


def step_refusal(user: User, dossier: Dossier) -> NotPermitted | None:
    """Why the user does not hold the dossier's current step (None when they do): the step's
    role at its unit, and when the dossier is assigned, the assignee or a leader there."""
    unit = dossier.current_unit
    if unit is None or not holds(user, dossier.current_role, unit):
        return NotPermitted("permission.step_holder")
    if dossier.assignee_id not in (None, user.pk) and not holds(user, Role.LEADER, unit):
        return NotPermitted("permission.assigned_to_other")
    return None


def _leads_step(user: User, dossier: Dossier) -> bool:
    return dossier.current_unit is not None and holds(user, Role.LEADER, dossier.current_unit)


def _desk(user: User, dossier: Dossier) -> NotPermitted | None:
    return None if at_desk(user, dossier) else NotPermitted("permission.desk_only")


def _desk_or_applicant(user: User, dossier: Dossier) -> NotPermitted | None:
    if is_applicant(user, dossier) or at_desk(user, dossier):
        return None
    return NotPermitted("permission.desk_only")


def _holding(user: User, dossier: Dossier) -> NotPermitted | None:
    """Whoever has the dossier in hand: at reception the desk; once in processing, whoever
    holds the step (asking for a supplement, correcting an obvious error of the declaration)."""
    if dossier.status in AT_RECEPTION:
        return _desk(user, dossier)
    return step_refusal(user, dossier)


def _assigner(user: User, dossier: Dossier) -> NotPermitted | None:
    if _leads_step(user, dossier):
        return None
    return NotPermitted("permission.leader_assigns")


def _apologizer(user: User, dossier: Dossier) -> NotPermitted | None:
    unit = dossier.current_unit
    holder = (
        unit is not None
        and holds(user, dossier.current_role, unit)
        and dossier.assignee_id in (None, user.pk)
    )
    if holder or _leads_step(user, dossier):
        return None
    return NotPermitted("permission.apology")


def answering_role(user: User, consultation: Consultation) -> str | None:
    """The role in which ``user`` may answer this request for an opinion: a leader or a
    specialist of the unit asked (None: they may not)."""
    unit = consultation.to_unit
    return next((r for r in (Role.LEADER, Role.SPECIALIST) if holds(user, r, unit)), None)


def _consulted(user: User, dossier: Dossier) -> NotPermitted | None:
    """A specialist or leader of a unit whose opinion is still awaited on this dossier (the
    action checks the very request answered, with ``answering_role``)."""
    asked = dossier.consultations.filter(answered_at__isnull=True, cancelled_at__isnull=True)
    if any(answering_role(user, c) is not None for c in asked.select_related("to_unit")):
        return None
    return NotPermitted("permission.consulted_unit")


def _stopper(user: User, dossier: Dossier) -> NotPermitted | None:
    if at_desk(user, dossier) or holds(user, Role.LEADER, dossier.competent_unit):
        return None
    return NotPermitted("permission.stop")


def _withdrawer(user: User, dossier: Dossier) -> NotPermitted | None:
    return None if may_withdraw(user, dossier) else NotPermitted("permission.withdraw")


# Who may do each action (the workflow's action names). Marking a dossier due soon or
# overdue is missing on purpose: the deadline scan does it, never a person.
_PERMISSIONS: dict[str, Callable[[User, Dossier], NotPermitted | None]] = {
    Action.ACCEPT: _desk,
    Action.REFUSE: _desk,
    Action.RETURN_RESULT: _desk,
    Action.PROVIDE_SUPPLEMENT: _desk_or_applicant,
    Action.REQUEST_SUPPLEMENT: _holding,
    Action.CORRECT_DECLARATION: _holding,
    Action.FORWARD: step_refusal,
    Action.RETURN: step_refusal,
    Action.CONSULT: step_refusal,
    Action.APPROVE: step_refusal,
    Action.SIGN: step_refusal,
    Action.REJECT: step_refusal,
    Action.ASSIGN: _assigner,
    Action.APOLOGIZE: _apologizer,
    Action.ANSWER_CONSULTATION: _consulted,
    Action.STOP: _stopper,
    Action.REQUEST_WITHDRAWAL: _withdrawer,
}


# What systems may do without a person: the scheduler marks deadlines; the national portal and
# the citizen app relay what the applicant asked there (the API checked who they are).
_SYSTEM_ACTIONS: dict[tuple[ActorKind, str], frozenset[str]] = {
    (ActorKind.SYSTEM, "scheduler"): frozenset({Action.MARK_DUE_SOON, Action.MARK_OVERDUE}),
    (ActorKind.INTEGRATION, "national_portal"): frozenset(
        {Action.PROVIDE_SUPPLEMENT, Action.REQUEST_WITHDRAWAL}
    ),
    (ActorKind.INTEGRATION, "citizen_app"): frozenset(
        {Action.PROVIDE_SUPPLEMENT, Action.REQUEST_WITHDRAWAL}
    ),
}


def refusal(who: User | Actor, dossier: Dossier, action: str) -> NotPermitted | None:
    """Why ``who`` (a person, or an actor) may not do ``action`` on ``dossier`` in the role its
    current step needs (None when they may). Permission only: the rules of the act are the
    action's."""
    if isinstance(who, Actor):
        if who.user is None:
            if action in _SYSTEM_ACTIONS.get((who.kind, who.system), frozenset()):
                return None
            if who.kind == ActorKind.INTEGRATION:
                return NotPermitted("permission.not_for_integration", system=who.name)
            return NotPermitted("permission.system_only")
        who = who.user
    check = _PERMISSIONS.get(action)
    if check is None:
        return NotPermitted("permission.system_only")
    return check(who, dossier)


def submit_refusal(actor: Actor) -> NotPermitted | None:
    """Who may lodge a dossier: any person signed in (the action checks a helper's consent and
    the desk's unit), and the systems that relay applications; not the scheduler."""
    if actor.user is not None or (actor.kind, actor.system) in _SUBMITTING_SYSTEMS:
        return None
    if actor.kind == ActorKind.INTEGRATION:
        return NotPermitted("permission.not_for_integration", system=actor.name)
    return NotPermitted("permission.system_only")


_SUBMITTING_SYSTEMS = frozenset(
    {(ActorKind.INTEGRATION, "national_portal"), (ActorKind.INTEGRATION, "citizen_app")}
)


def can_act_on(who: User | Actor, dossier: Dossier, action: str) -> bool:
    """Whether ``who`` may do ``action`` on ``dossier`` now, in the role its step needs.
    Actions check it before any rule (so only a permitted officer's violation is recorded),
    and the faces check it before offering or calling them."""
    return refusal(who, dossier, action) is None


def acting_unit(user: User, dossier: Dossier) -> GovernmentUnit | None:
    """The unit in which the user works on this dossier (the current step's first, then the
    receiving and competent units), or None: inspectors and administrators only read."""
    for unit in (dossier.current_unit, dossier.receiving_unit, dossier.competent_unit):
        if unit is not None and any(holds(user, role, unit) for role in WORKING_ROLES):
            return unit
    return None


def available_actions(user: User, dossier: Dossier) -> set[str]:
    """The actions this user may offer on this dossier now (the actions re-check everything)."""
    from catalog.models import StepAction

    step = dossier.current_step
    # What the current step allows; the other actions do not depend on the step.
    by_step = {
        Action.FORWARD: StepAction.FORWARD,
        Action.RETURN: StepAction.RETURN,
        Action.CONSULT: StepAction.CONSULT,
        Action.APPROVE: StepAction.APPROVE,
        Action.SIGN: StepAction.SIGN,
        Action.REJECT: StepAction.REJECT,
    }
    offered: set[str] = set()
    for action in allowed_actions(dossier.status):
        if action == Action.ANSWER_CONSULTATION:
            continue  # offered per consultation on the page
        if action in by_step and (step is None or by_step[action] not in step.actions):
            continue
        if action == Action.APOLOGIZE and dossier.apology_at is not None:
            continue
        if action == Action.CORRECT_DECLARATION and not dossier.declaration:
            continue  # nothing declared on an e-form, nothing to correct
        if can_act_on(user, dossier, action):
            offered.add(str(action))
    return offered


# What applicants see of a dossier's history. Refused unlawful attempts are for inspectors;
# the reasons of internal steps (forwarding notes, consultations) stay inside the offices.
HIDDEN_FROM_APPLICANT = frozenset({EventType.RULE_REFUSED})
REASONS_FOR_APPLICANT = frozenset(
    {
        EventType.SUPPLEMENT_REQUESTED,
        EventType.SUPPLEMENT_PROVIDED,
        EventType.REFUSED,
        EventType.REJECTED,
        EventType.APOLOGY_ISSUED,
        EventType.STOPPED,
        EventType.WITHDRAWAL_REQUESTED,
        EventType.DECLARATION_CORRECTED,
    }
)


def dossiers_for_applicant(user: User) -> QuerySet[Dossier]:
    """Dossiers the user lodged for themselves, or for someone else as a digital helper."""
    return Dossier.objects.filter(Q(applicant=user) | Q(assisted_by=user))


# What the public lookup reads of a dossier (its page and the timeline's wording): a dossier row
# and its procedure version carry large JSON columns (the declaration, the schemas) that it
# never shows, and decoding them was most of a lookup's database time.
LOOKUP_FIELDS = (
    "code",
    "status",
    "channel",
    "submitted_at",
    "received_at",
    "due_at",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "procedure_version__name",
)


def find_for_lookup(code: str, suffix: str) -> Dossier | None:
    """The dossier with this code whose applicant's ID number or phone ends in ``suffix``.
    An unknown code and wrong digits both give None, compared in constant time."""
    dossier = (
        Dossier.objects.filter(code=code)
        .select_related("procedure_version")
        .only(*LOOKUP_FIELDS)
        .first()
    )
    suffixes = sorted(dossier.lookup_suffixes) if dossier else ["\x00\x00\x00\x00"]
    # Bytes, not str: compare_digest refuses str with non-ASCII characters (a TypeError, so a
    # 500), and a stored phone may hold any digit ``str.isdigit`` accepts. Every candidate is
    # compared, so the time does not say which one matched.
    given = suffix.encode()
    matched = False
    for candidate in suffixes:
        matched |= hmac.compare_digest(given, candidate.encode())
    return dossier if dossier is not None and matched else None
