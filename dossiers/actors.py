"""Who does an action: an officer (in a role and unit), the applicant, a community helper
lodging for them, another system (the national portal, a payment gateway) or the scheduler.
Every action takes one, every event records its kind, and ``dossiers.access`` decides what
each may do.

Faces build the actor of the person signed in with ``person(user)``; an integration builds its
own with ``integration(name)``; the deadline scan acts as ``SCHEDULER``. The role and unit an
officer acts in are the action's to decide (``as_officer``), from the dossier's step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User
    from units.models import GovernmentUnit


class ActorKind(models.TextChoices):
    OFFICER = "officer", _("Cán bộ")
    APPLICANT = "applicant", _("Người nộp hồ sơ")
    HELPER = "helper", _("Tổ công nghệ số cộng đồng")
    INTEGRATION = "integration", _("Hệ thống kết nối")
    SYSTEM = "system", _("Hệ thống")


# The systems that may act on dossiers, with the names their events show.
INTEGRATIONS: dict[str, str] = {
    "national_portal": "Cổng Dịch vụ công quốc gia",
    "citizen_app": "Ứng dụng công dân",
    "payment_gateway": "Nền tảng thanh toán",
}


@dataclass(frozen=True)
class Actor:
    """Who acts. ``user`` is set for people; ``system`` names an integration or the scheduler."""

    kind: ActorKind
    user: User | None = None
    role: str = ""
    unit: GovernmentUnit | None = None
    system: str = ""

    @property
    def name(self) -> str:
        if self.user is not None:
            return str(self.user.full_name or self.user.username)
        if self.kind == ActorKind.INTEGRATION:
            return INTEGRATIONS.get(self.system, self.system)
        return "Hệ thống"

    @property
    def is_person(self) -> bool:
        return self.user is not None

    def as_officer(self, role: str, unit: GovernmentUnit) -> Actor:
        """This person acting as an officer in ``role`` at ``unit`` (the action checked it)."""
        return replace(self, kind=ActorKind.OFFICER, role=role, unit=unit)

    def as_kind(self, kind: ActorKind) -> Actor:
        return replace(self, kind=kind, role="", unit=None)


def person(user: User) -> Actor:
    """The person signed in. Officers act as officers (their role is the action's to find);
    anyone else as an applicant, or as a helper where they lodge for somebody else."""
    kind = ActorKind.OFFICER if user.is_officer else ActorKind.APPLICANT
    return Actor(kind, user=user)


def integration(name: str) -> Actor:
    """Another system acting through the API (its credentials were checked by the face)."""
    if name not in INTEGRATIONS:
        raise ValueError(f"unknown integration {name!r}")
    return Actor(ActorKind.INTEGRATION, system=name)


SCHEDULER = Actor(ActorKind.SYSTEM, system="scheduler")
