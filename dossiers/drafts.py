"""Saving and reading the applicant's drafts (``dossiers.models.Draft``).

A draft has no status and no event: it is the applicant's own notepad until submission, which
goes through ``dossiers.actions.submit_dossier``. The draft key doubles as the submission key,
so a draft can only ever become one dossier.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from functools import partial
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from documents.files import discard_unreferenced
from dossiers.models import Draft, DraftFile


def draft_for(user: User, key: UUID | str) -> Draft:
    """The user's draft with this key; 404 if it is missing or someone else's."""
    draft = (
        Draft.objects.filter(key=key, owner=user)
        .select_related("procedure_version__procedure", "submitted")
        .first()
    )
    if draft is None:
        raise Http404("Không tìm thấy hồ sơ nháp.")
    return draft


def posted_draft(user: User, key: UUID) -> Draft | None:
    """The draft a POST of the form refers to, if it was saved before. A key that belongs to
    another person's draft is refused: the key comes from the browser."""
    draft = Draft.objects.filter(key=key).select_related("procedure_version", "submitted").first()
    if draft is not None and draft.owner_id != user.pk:
        raise PermissionDenied
    return draft


def draft_components(draft: Draft | None, version: ProcedureVersion) -> dict[int, DraftFile]:
    """The files kept in the draft for components of ``version`` (a draft saved under an
    earlier version of the procedure keeps its values but not its files)."""
    if draft is None or draft.procedure_version_id != version.pk:
        return {}
    return {f.component_id: f for f in draft.files.all()}


def save_draft(
    *,
    owner: User,
    version: ProcedureVersion,
    key: UUID,
    data: dict[str, Any],
    uploads: Mapping[Component, File[Any]],
) -> Draft:
    with transaction.atomic():
        draft, created = Draft.objects.select_for_update().get_or_create(
            key=key, defaults={"owner": owner, "procedure_version": version, "data": data}
        )
        if draft.owner_id != owner.pk:
            raise PermissionDenied
        if not created:
            if draft.procedure_version_id != version.pk:
                _discard_files(DraftFile.objects.filter(draft=draft))
                draft.procedure_version = version
            draft.data = data
            draft.save()
        for component, upload in uploads.items():
            _discard_files(DraftFile.objects.filter(draft=draft, component=component))
            item = DraftFile(draft=draft, component=component)
            item.original_name = posixpath.basename(upload.name or "tep")[:255]
            item.file.save(upload.name or "tep", upload, save=False)
            item.save()
    return draft


def discard_draft(draft: Draft) -> None:
    """Delete a draft the applicant gave up (starting again), with its files."""
    with transaction.atomic():
        _discard_files(DraftFile.objects.filter(draft=draft))
        draft.delete()


def _discard_files(items: QuerySet[DraftFile]) -> None:
    stored = [item.file.name for item in items if item.file.name]
    items.delete()
    # The stored files go only once the rows are gone for good, and only if nothing else
    # (a dossier made from the draft, another draft) holds the same content.
    transaction.on_commit(partial(discard_unreferenced, stored))


@contextmanager
def opened_files(kept: Mapping[int, DraftFile]) -> Iterator[dict[int, File[Any]]]:
    """The draft's files, open for reading and named by their base name (the dossier stores
    them under its own folder), closed afterwards."""
    with ExitStack() as stack:
        files: dict[int, File[Any]] = {}
        for component_id, item in kept.items():
            name = item.file.name or ""
            handle = stack.enter_context(item.file.storage.open(name, "rb"))
            files[component_id] = File(
                handle, name=item.original_name or posixpath.basename(name) or "tep"
            )
        yield files
