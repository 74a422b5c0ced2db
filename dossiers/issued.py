"""A dossier's issued documents (``documents`` signs and stores them and knows nothing of
dossiers): each is saved with its link row, ``DossierDocument``, in one transaction, and the
dossier's documents are read back through those rows."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from documents.models import IssuedDocument
from dossiers.models import Dossier, DossierComponent, DossierDocument, Slip


def save_for_dossier(
    document: IssuedDocument,
    content: bytes,
    name: str,
    *,
    dossier: Dossier,
    slip: Slip | None = None,
    component: DossierComponent | None = None,
) -> IssuedDocument:
    """Store ``document`` with its signed ``content`` as one of the dossier's: its reference
    is the dossier's code, and its link row is written in the same transaction, so that
    neither is ever there without the other. A second document for one slip raises
    ``IntegrityError`` (the link's slip is unique) and leaves nothing behind."""
    # Imported on use, as in dossiers.slips: the signing libraries load only where PDFs are made.
    from documents.issue import store_document

    return record_for_dossier(
        store_document(document, content, name), dossier=dossier, slip=slip, component=component
    )


def record_for_dossier(
    document: IssuedDocument,
    *,
    dossier: Dossier,
    slip: Slip | None = None,
    component: DossierComponent | None = None,
) -> IssuedDocument:
    """Write the row of a document whose file is stored, as one of the dossier's: its
    reference is the dossier's code and its link row is written in the same transaction."""
    document.reference = dossier.code
    with transaction.atomic():
        document.save()
        DossierDocument.objects.create(
            dossier=dossier, document=document, slip=slip, component=component
        )
    return document


def documents_of(dossier: Dossier) -> QuerySet[IssuedDocument]:
    """Every document issued for the dossier: slips, results, certified copies."""
    return IssuedDocument.objects.filter(dossier_link__dossier=dossier)


def slip_document(slip: Slip) -> IssuedDocument | None:
    """The signed PDF of the slip, once issued."""
    return IssuedDocument.objects.filter(dossier_link__slip=slip).first()


def own_document_ids(dossier: Dossier) -> QuerySet[DossierDocument, int]:
    """The ids of the dossier's documents, for ``documents.store.applicant_store`` to leave
    out (a subquery, not a list)."""
    return DossierDocument.objects.filter(dossier=dossier).values_list("document_id", flat=True)
