"""Role lookups: which roles a user holds in which units. Moved here from ``dossiers.access``
so that apps below ``dossiers`` (registry, the admin of units) can ask without importing it."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Membership, Role, User
from units.models import GovernmentUnit

# Roles that work on dossiers; inspectors and unit administrators only read them.
WORKING_ROLES = (Role.FRONT_DESK, Role.SPECIALIST, Role.LEADER)


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


# Who reads what a unit's messages became (the back office's page of sent messages): its
# leaders, and its one-stop desk, whom citizens ask why they were not told.
SENT_MESSAGES_ROLES = (Role.LEADER, Role.FRONT_DESK)


def reads_sent_messages(user: User, unit_id: int | None) -> bool:
    """Whether ``user`` may see the messages sent for the unit ``unit_id`` and send a failed
    one again: a leader or a front-desk officer of that very unit (not of a unit above it),
    or a superuser; messages for no unit (login codes) only a superuser."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return unit_id is not None and any(
        uid == unit_id and role in SENT_MESSAGES_ROLES for uid, role, _path in memberships(user)
    )


@dataclass(frozen=True)
class Position:
    """An officer's position (chức vụ) in a unit, as their signature block prints it."""

    title: str = ""
    is_head: bool = False


def position(user: User, unit: GovernmentUnit) -> Position:
    """The user's position in ``unit``: from their active leader role there, else from any
    active role there that has a title; no title when they have none (older accounts)."""
    rows = Membership.objects.filter(user=user, unit=unit, is_active=True).exclude(
        title="", is_head=False
    )
    # The leader's row first: that is the role in which results are signed.
    row = rows.filter(role=Role.LEADER).first() or rows.order_by("-is_head", "pk").first()
    return Position(row.title, row.is_head) if row is not None else Position()
