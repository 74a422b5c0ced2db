"""Who may see and act on a dossier. Views reach dossiers only through these helpers; a
dossier that is missing and one that is forbidden give the same 404."""

from __future__ import annotations

import hmac

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Membership, Role, User
from dossiers.models import Dossier, EventType
from units.models import GovernmentUnit


def memberships(user: User) -> list[tuple[int, str, str]]:
    """(unit id, role, unit path) of the user's active roles, cached on the user object."""
    cached: list[tuple[int, str, str]] | None = getattr(user, "_motcua_roles", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).values_list(
                "unit_id", "role", "unit__path"
            )
        )
        user._motcua_roles = cached  # type: ignore[attr-defined]
    return cached


def holds(user: User, role: str, unit: GovernmentUnit) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return any(uid == unit.pk and r == role for uid, r, _path in memberships(user))


def units_with_role(user: User, role: str) -> list[int]:
    return [uid for uid, r, _path in memberships(user) if r == role]


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


def visible_to_officer(user: User) -> QuerySet[Dossier]:
    """Dossiers an officer may open: those touching a unit where they hold a role, and for
    inspectors every dossier of their unit's subtree."""
    roles = memberships(user)
    unit_ids = [uid for uid, _r, _p in roles]
    condition = (
        Q(receiving_unit_id__in=unit_ids)
        | Q(competent_unit_id__in=unit_ids)
        | Q(current_unit_id__in=unit_ids)
        | Q(consultations__to_unit_id__in=unit_ids)
    )
    for _uid, role, path in roles:
        if role == Role.INSPECTOR:
            condition |= Q(receiving_unit__path__startswith=path)
            condition |= Q(competent_unit__path__startswith=path)
    if user.is_superuser:
        return Dossier.objects.all()
    if not roles:
        return Dossier.objects.none()
    return Dossier.objects.filter(condition).distinct()


def get_dossier_for_officer(user: User, code: str) -> Dossier:
    dossier = visible_to_officer(user).filter(code=code).first()
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


def available_actions(user: User, dossier: Dossier) -> set[str]:
    """The actions this user may offer on this dossier now (the actions re-check everything)."""
    from catalog.models import StepAction
    from dossiers.workflow import Action, allowed_actions

    possible = {str(a) for a in allowed_actions(dossier.status)}
    mine: set[str] = set()
    desk = holds(user, Role.FRONT_DESK, dossier.receiving_unit)
    if desk:
        mine |= {Action.ACCEPT, Action.REFUSE, Action.RETURN_RESULT, Action.STOP}
        if dossier.status != "in_progress":
            mine |= {Action.REQUEST_SUPPLEMENT, Action.PROVIDE_SUPPLEMENT}
    if holds(user, Role.LEADER, dossier.competent_unit):
        mine.add(Action.STOP)
    unit, step = dossier.current_unit, dossier.current_step
    if unit is not None and step is not None:
        leader = holds(user, Role.LEADER, unit)
        holder = holds(user, dossier.current_role, unit) and (
            dossier.assignee_id in (None, user.pk) or leader
        )
        if holder:
            mine.add(Action.REQUEST_SUPPLEMENT)
            by_step = {
                StepAction.FORWARD: Action.FORWARD,
                StepAction.RETURN: Action.RETURN,
                StepAction.CONSULT: Action.CONSULT,
                StepAction.APPROVE: Action.APPROVE,
                StepAction.SIGN: Action.SIGN,
                StepAction.REJECT: Action.REJECT,
            }
            mine |= {by_step[StepAction(a)] for a in step.actions}
        if leader:
            mine.add(Action.ASSIGN)
        if (leader or holder) and dossier.apology_at is None:
            mine.add(Action.APOLOGIZE)
    return {a for a in possible & {str(m) for m in mine}}


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
    }
)


def dossiers_for_applicant(user: User) -> QuerySet[Dossier]:
    """Dossiers the user lodged for themselves, or for someone else as a digital helper."""
    return Dossier.objects.filter(Q(applicant=user) | Q(assisted_by=user))


def find_for_lookup(code: str, suffix: str) -> Dossier | None:
    """The dossier with this code whose applicant's ID number or phone ends in ``suffix``.
    An unknown code and wrong digits both give None, compared in constant time."""
    dossier = Dossier.objects.filter(code=code).select_related("procedure_version").first()
    suffixes = sorted(dossier.lookup_suffixes) if dossier else ["\x00\x00\x00\x00"]
    # Bytes, not str: compare_digest refuses str with non-ASCII characters (a TypeError, so a
    # 500), and a stored phone may hold any digit ``str.isdigit`` accepts. Every candidate is
    # compared, so the time does not say which one matched.
    given = suffix.encode()
    matched = False
    for candidate in suffixes:
        matched |= hmac.compare_digest(given, candidate.encode())
    return dossier if dossier is not None and matched else None
