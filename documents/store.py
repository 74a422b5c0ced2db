"""The applicant's data store (kho dữ liệu, R3): what the state already issued to a person.

Light on purpose (models only): the dossier actions ask it at submission and when an officer
requests a supplement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from documents.models import StoredDocument


def applicant_store(
    id_number: str, on: date, *, exclude: Iterable[int] | None = None
) -> dict[str, StoredDocument]:
    """The applicant's valid stored documents by type (the newest of each). ``exclude``: ids
    of issued documents to leave out (a queryset becomes a subquery); a dossier passes its own
    (its certified scans), so that they never stand in for themselves."""
    found: dict[str, StoredDocument] = {}
    if not id_number:
        return found
    rows = (
        StoredDocument.objects.filter(owner_id_number=id_number)
        .exclude(document_type="")
        .select_related("document")
        .order_by("-added_at")
    )
    if exclude is not None:
        rows = rows.exclude(document_id__in=exclude)
    for row in rows:
        if row.valid_until is not None and row.valid_until < on:
            continue
        found.setdefault(row.document_type, row)
    return found
