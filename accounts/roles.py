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
