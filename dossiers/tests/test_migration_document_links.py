"""documents 0002 → dossiers 0009_document_links → documents 0003: an issued document in the
old shape (foreign keys to its dossier, slip and component) gets its ``DossierDocument`` link
and its reference; going back puts the foreign keys back from the links."""

from __future__ import annotations

from django.test import TransactionTestCase

from core import clock
from core.testing import latest_migrations, migrate
from documents.models import IssuedDocument
from dossiers import actions
from dossiers.actors import person
from dossiers.models import Dossier, DossierDocument, Slip
from dossiers.slips import issue_slip
from dossiers.testing import Office, create_dossier, create_procedure

# The migrations just before the move (renumber with them).
BEFORE = [("dossiers", "0008_backfill_event_facts"), ("documents", "0001_initial")]


class DocumentLinksMigrationTestCase(TransactionTestCase):
    office: Office
    dossier: Dossier
    slip: Slip
    slip_document: IssuedDocument

    def setUp(self) -> None:
        self.office = Office.create()
        self.dossier = actions.accept_dossier(
            create_dossier(create_procedure(), self.office), actor=person(self.office.desk)
        )
        self.slip = self.dossier.slips.get()
        self.slip_document = issue_slip(self.slip)

    def tearDown(self) -> None:
        migrate(latest_migrations())  # whatever the test did, the next one finds every table

    def test_going_back_puts_the_foreign_keys_back(self) -> None:
        old = migrate(BEFORE)
        document = old.get_model("documents", "IssuedDocument").objects.get(
            code=self.slip_document.code
        )
        self.assertEqual((document.dossier_id, document.slip_id), (self.dossier.pk, self.slip.pk))

    def test_a_document_in_the_old_shape_gets_its_link_and_reference(self) -> None:
        item = self.dossier.components.first()
        assert item is not None
        old = migrate(BEFORE)
        old.get_model("documents", "IssuedDocument").objects.create(
            code="VB-AAAA-BBBB-CCCC", kind="certified_copy", title="Bản sao",
            dossier_id=self.dossier.pk, component_id=item.pk, issuer_id=self.office.unit.pk,
            issued_at=clock.now(), file="issued/ban-sao.pdf", sha256="0" * 64, size=1,
            level="B-B",
        )  # fmt: skip
        migrate(latest_migrations())
        copy = IssuedDocument.objects.get(code="VB-AAAA-BBBB-CCCC")
        link = DossierDocument.objects.get(document=copy)
        self.assertEqual(
            (link.dossier, link.component, link.slip, copy.reference),
            (self.dossier, item, None, self.dossier.code),
        )

    def test_a_slip_document_keeps_its_slip_through_the_move(self) -> None:
        migrate(BEFORE)
        migrate(latest_migrations())
        link = DossierDocument.objects.get(document__code=self.slip_document.code)
        self.assertEqual((link.dossier, link.slip), (self.dossier, self.slip))
