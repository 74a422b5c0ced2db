"""The applicant's data store (kho dữ liệu, R3): what the state already issued to a person.

Light on purpose (models only): the dossier actions ask it at submission and when an officer
requests a supplement.
"""

from __future__ import annotations

from datetime import date

from documents.models import StoredDocument


def applicant_store(
    id_number: str, on: date, *, exclude_dossier: int | None = None
) -> dict[str, StoredDocument]:
    """The applicant's valid stored documents by type (the newest of each); a dossier's own
    documents (its certified scans) can be left out, so they never stand in for themselves."""
    found: dict[str, StoredDocument] = {}
    if not id_number:
        return found
    rows = (
        StoredDocument.objects.filter(owner_id_number=id_number)
        .exclude(document_type="")
        .select_related("document")
        .order_by("-added_at")
    )
    if exclude_dossier is not None:
        rows = rows.exclude(document__dossier_id=exclude_dossier)
    for row in rows:
        if row.valid_until is not None and row.valid_until < on:
            continue
        found.setdefault(row.document_type, row)
    return found
