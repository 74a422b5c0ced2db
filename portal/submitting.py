"""What both ways of applying online share when they submit: the registry's proof of the
components it holds, and one submission per draft."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from dossiers.actions import submit_dossier
from dossiers.models import Dossier, Draft
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
