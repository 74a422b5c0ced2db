"""What both ways of applying online share when they submit: the registry's proof of the
components it holds, and one submission per draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from dossiers.actions import submit_dossier
from dossiers.models import Dossier, Draft
from portal.forms import CONSENT_STATEMENT
from registry.connector import logged_lookup
from registry.models import Lookup
from registry.proof import proven_components
from registry.records import RegistryError

# A component the state already holds, declared as such when no copy is uploaded.
FROM_DATA_SOURCE = "shared_data"


def verified(
    user: User, version: ProcedureVersion, components: list[Component]
) -> tuple[Lookup, dict[int, str]] | None:
    """Ask the registry what it proves for this applicant; a registry that cannot answer
    leaves the components as declared, for the desk to verify at reception."""
    assert user.personal_id  # noqa: S101 - checked by the caller
    try:
        person, entry = logged_lookup(
            user.personal_id,
            purpose=f"Nộp hồ sơ trực tuyến: {version.name}"[:300],
            actor=user,
        )
    except RegistryError:
        return None
    if person is None:
        return None
    return entry, proven_components(components, entry.fields, entry.at)


def submit_once(user: User, draft: Draft | None, arguments: dict[str, Any]) -> Dossier:
    with transaction.atomic():
        dossier = submit_dossier(**arguments)
        if dossier.created_by_id != user.pk:
            # Only a forged key can name someone else's submission.
            raise PermissionDenied
        if draft is not None and draft.submitted_id is None:
            draft.submitted = dossier
            draft.save(update_fields=["submitted", "updated_at"])
    return dossier


@dataclass(frozen=True)
class Behalf:
    """The citizen a member of the community digital team lodges a dossier for ("nộp thay"),
    and how the citizen agreed to it (Decree 45/2020 art. 10)."""

    name: str
    id_number: str
    phone: str
    address: str
    consent_method: str

    def as_data(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: Any) -> Behalf | None:
        if not isinstance(data, Mapping) or not data.get("id_number"):
            return None
        return cls(**{k: str(data.get(k) or "") for k in cls.__dataclass_fields__})

    def citizen_account(self) -> User | None:
        """The citizen's own account, where they will see the dossier, if they have one."""
        return User.objects.filter(personal_id=self.id_number, kind=User.Kind.CITIZEN).first()


def consent_statement() -> str:
    """What the helper confirmed the citizen agreed to, kept with the dossier in Vietnamese."""
    with translation.override("vi"):
        return str(CONSENT_STATEMENT)


def lodged_for(helper: User, behalf: Behalf) -> dict[str, Any]:
    """The ``submit_dossier`` arguments naming the citizen a helper lodges for: the citizen is
    the applicant (their account when they have one), the helper is recorded as assisting."""
    if not helper.is_digital_team:
        # Only a forged form or a stale draft names someone else without the right to.
        raise PermissionDenied
    return {
        "applicant": behalf.citizen_account(),
        "applicant_name": behalf.name.strip(),
        "applicant_id_number": behalf.id_number,
        "applicant_phone": behalf.phone,
        "applicant_address": behalf.address,
        "assisted_by": helper,
        "consent_method": behalf.consent_method.strip(),
    }
