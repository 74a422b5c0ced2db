"""A dossier's issued documents are linked from ``dossiers.DossierDocument`` rows, written with
each document in one transaction; the document itself names the dossier only as text."""

from __future__ import annotations

from django.db import IntegrityError
from django.test import TestCase

from documents.models import IssuedDocument
from documents.testing import pdf_bytes
from dossiers import actions
from dossiers.actors import person
from dossiers.issued import documents_of, save_for_dossier
from dossiers.models import Dossier, DossierDocument, Slip
from dossiers.slips import issue_slip
from dossiers.testing import Office, create_dossier, create_procedure


class DocumentLinksTestCase(TestCase):
    office: Office
    dossier: Dossier
    slip: Slip
    document: IssuedDocument

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.dossier = actions.accept_dossier(
            create_dossier(create_procedure(), cls.office), actor=person(cls.office.desk)
        )
        cls.slip = cls.dossier.slips.get()
        cls.document = issue_slip(cls.slip)

    def test_a_slip_document_is_linked_to_its_slip_and_dossier(self) -> None:
        link = self.document.dossier_link
        self.assertEqual((link.dossier, link.slip), (self.dossier, self.slip))

    def test_the_document_names_its_dossier_by_code(self) -> None:
        self.assertEqual(self.document.reference, self.dossier.code)

    def test_the_dossier_lists_its_documents_through_the_links(self) -> None:
        self.assertEqual(list(documents_of(self.dossier)), [self.document])

    def test_a_second_document_for_one_slip_leaves_nothing_behind(self) -> None:
        second = IssuedDocument(
            code="VB-TEST-TEST-TEST",
            kind=IssuedDocument.Kind.SLIP,
            title="Phiếu",
            issuer=self.office.unit,
            issued_at=self.slip.issued_at,
        )
        with self.assertRaises(IntegrityError):
            save_for_dossier(second, pdf_bytes(), "phieu.pdf", dossier=self.dossier, slip=self.slip)
        self.assertFalse(IssuedDocument.objects.filter(code="VB-TEST-TEST-TEST").exists())

    def test_a_link_is_never_changed(self) -> None:
        link = DossierDocument.objects.get(document=self.document)
        with self.assertRaises(ValueError):
            link.save()
