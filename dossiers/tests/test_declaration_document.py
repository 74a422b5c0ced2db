"""A declaration filled as an e-form is kept as data, rendered as its official form sealed by
the receiving unit, and sealed again by the receipt that lists every component's SHA-256."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import skipUnless

from django.test import TestCase

from catalog.models import ProcedureVersion
from core.testing import create_citizen, create_commune
from documents.models import IssuedDocument
from documents.poppler import PDFSIG, pdfsig_validations
from documents.signing import verify_pdf
from documents.testing import pdf_text
from dossiers.actions import accept_dossier
from dossiers.actors import person
from dossiers.declarations import data_digest
from dossiers.errors import DeclarationInvalid
from dossiers.models import Dossier
from dossiers.slips import issue_slip
from dossiers.testing import Office, attachment, create_dossier, create_procedure
from eforms.testing import sample_declaration

HAS_PDFSIG = Path(PDFSIG).exists()


def declaration_data(commune_code: int, **changes: Any) -> dict[str, Any]:
    """What a citizen declares on the sample e-form."""
    data: dict[str, Any] = {
        "requester": {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "1990-05-01",
            "sex": "male",
            "id_number": "001090012345",
            "residence": {"commune": commune_code, "street": "Số 5 phố Hàng Bạc"},
        },
        "relationship": "father",
        "phone": "0912345678",
        "child": {
            "full_name": "Nguyễn Minh Khôi",
            "date_of_birth": "2026-11-20",
            "sex": "male",
            "ethnicity": "01",
            "nationality": "VN",
            "place_of_birth": "Bệnh viện Phụ sản Hà Nội",
        },
        "mother": {
            "full_name": "Trần Thị Bình",
            "date_of_birth": "1995-03-02",
            "sex": "female",
            "id_number": "001195006789",
            "residence": {"commune": commune_code, "street": "Số 5 phố Hàng Bạc"},
        },
        "copies": 1,
    }
    data.update(changes)
    return data


class DeclarationDocumentTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    commune_code: int

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(declaration_schema=sample_declaration())
        cls.commune_code = create_commune(name="Phường Hoàn Kiếm").code

    def submit(self, **changes: Any) -> Dossier:
        declaration = declaration_data(self.commune_code, **changes)
        # Component 1 is the declaration form: the e-form satisfies it, nothing is uploaded.
        others = self.version.components.exclude(position=1)
        return create_dossier(
            self.version,
            self.office,
            applicant=create_citizen(),
            declaration=declaration,
            declaration_sources={"requester.full_name": "registry"},
            files={c.pk: attachment() for c in others},
        )

    def declaration_document(self, dossier: Dossier) -> IssuedDocument:
        item = dossier.components.get(component__position=1)
        return IssuedDocument.objects.get(code=item.certified_copy)

    def test_the_declaration_is_kept_as_data(self) -> None:
        dossier = self.submit()
        self.assertEqual(dossier.declaration["child"]["full_name"], "Nguyễn Minh Khôi")

    def test_the_declaration_component_is_satisfied_by_the_eform(self) -> None:
        item = self.submit().components.get(component__position=1)
        self.assertEqual((item.state, item.source), ("provided", "eform"))

    def test_the_declaration_is_rendered_as_a_sealed_pdf(self) -> None:
        document = self.declaration_document(self.submit())
        with document.file.open("rb") as handle:
            pdf = handle.read()
        self.assertTrue(verify_pdf(pdf).valid)
        text = pdf_text(pdf)
        self.assertIn("Nguyễn Minh Khôi", text)
        self.assertIn("Trần Thị Bình", text)

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_pdfsig_finds_the_declaration_seal_valid(self) -> None:
        document = self.declaration_document(self.submit())
        with document.file.open("rb") as handle:
            self.assertEqual(pdfsig_validations(handle.read()), ["Signature is Valid."])

    def test_a_bad_declaration_stores_nothing(self) -> None:
        before = (Dossier.objects.count(), IssuedDocument.objects.count())
        with self.assertRaises(DeclarationInvalid) as refused:
            self.submit(mother={**declaration_data(self.commune_code)["mother"], "id_number": "1"})
        self.assertIn("mother.id_number", refused.exception.errors)
        self.assertEqual((Dossier.objects.count(), IssuedDocument.objects.count()), before)

    def test_the_receipt_lists_each_component_with_its_sha256(self) -> None:
        dossier = accept_dossier(self.submit(), actor=person(self.office.desk))
        slip = dossier.slips.get()
        listed = {item["name"]: item["sha256"] for item in slip.content["components"]}
        document = self.declaration_document(dossier)
        name = dossier.components.get(component__position=1).component.name
        self.assertEqual(listed[name], document.sha256)

    def test_the_receipt_seals_the_declared_data(self) -> None:
        dossier = accept_dossier(self.submit(), actor=person(self.office.desk))
        text = pdf_text(_read(issue_slip(dossier.slips.get())))
        self.assertIn(data_digest(dossier.declaration), text.replace("\n", ""))


def _read(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()
