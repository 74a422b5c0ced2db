"""Role lookups: which roles a user holds in which units. Moved here from ``dossiers.access``
so that apps below ``dossiers`` (registry, the admin of units) can ask without importing it."""

from __future__ import annotations

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
