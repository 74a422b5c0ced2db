"""A decided result changes what it is about: the registry update built from the declaration
as the catalog maps it, and the result put in the data store of each person it is about."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.test import TestCase

from catalog.links import UPDATE_FIELDS
from catalog.models import ProcedureVersion
from core.testing import create_citizen, create_commune
from documents.models import IssuedDocument, StoredDocument
from dossiers.errors import DossierError
from dossiers.models import Dossier
from dossiers.population import build_update, holders, store_for_newborn, store_result
from dossiers.testing import Office, attachment, create_dossier, create_procedure
from dossiers.tests.test_declaration_document import declaration_data
from eforms.testing import sample_declaration
from registry.delivery import deliver
from registry.models import RegistryUpdate, Resident
from registry.records import UPDATE_TYPES, BirthUpdate
from registry.testing import create_resident
from registry.updates import queue_update

BIRTH_LINK: dict[str, Any] = {
    "kind": "birth",
    "fields": {
        "full_name": "declaration.child.full_name",
        "date_of_birth": "declaration.child.date_of_birth",
        "sex": "declaration.child.sex",
        "ethnicity": "declaration.child.ethnicity",
        "nationality": "declaration.child.nationality",
        "place_of_birth": "declaration.child.place_of_birth",
        "home_town": "=Hà Nội",
        "mother_id_number": "declaration.mother.id_number",
        "residence_address": "declaration.mother.residence.text",
        "residence_unit_code": "declaration.mother.residence.commune",
        "registering_body": "body.code",
        "register_number": "register.number",
    },
}


class UpdateFieldsTestCase(TestCase):
    def test_the_catalog_knows_the_registry_update_fields(self) -> None:
        for kind, cls in UPDATE_TYPES.items():
            required, optional = UPDATE_FIELDS[kind]
            names = {f.name for f in dataclasses.fields(cls)}
            must = {
                f.name
                for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            }
            self.assertEqual((required, required | optional), (must, names), kind)


class PopulationUpdateTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    mother: Resident
    commune_code: int

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(
            declaration_schema=sample_declaration(),
            population_update=BIRTH_LINK,
            result_holders=["applicant.id_number", "registry.assigned"],
        )
        commune = create_commune()
        cls.commune_code = commune.code
        cls.mother = create_resident(
            full_name="Trần Thị Bình",
            sex="female",
            date_of_birth=date(1995, 3, 2),
            permanent_unit=commune,
        )

    def dossier(self, **changes: Any) -> Dossier:
        data = declaration_data(self.commune_code, **changes)
        data["mother"]["id_number"] = self.mother.id_number
        return create_dossier(
            self.version,
            self.office,
            applicant=create_citizen(),
            declaration=data,
            files={c.pk: attachment() for c in self.version.components.exclude(position=1)},
        )

    def test_the_birth_update_is_built_from_the_declaration(self) -> None:
        update = build_update(self.dossier(), register_number="12/2026", decided=date(2026, 12, 1))
        assert isinstance(update, BirthUpdate)
        self.assertEqual(
            (update.full_name, update.mother_id_number, update.register_number),
            ("Nguyễn Minh Khôi", self.mother.id_number, "12/2026"),
        )

    def test_a_declaration_that_cannot_make_the_update_refuses_the_decision(self) -> None:
        dossier = self.dossier()
        dossier.declaration["child"].pop("place_of_birth")
        with self.assertRaises(DossierError) as refused:
            build_update(dossier, register_number="1", decided=date(2026, 12, 1))
        self.assertEqual(refused.exception.code, "result.population_update")

    def test_a_procedure_without_a_link_makes_no_update(self) -> None:
        dossier = self.dossier()
        dossier.procedure_version.population_update = {}
        self.assertIsNone(build_update(dossier, register_number="1", decided=date(2026, 12, 1)))

    def test_the_result_goes_to_the_store_of_each_holder_with_its_data(self) -> None:
        dossier = self.dossier()
        document = _result_for(dossier)
        stored = store_result(dossier, document, document_type="", valid_months=None)
        self.assertEqual(
            [(s.owner_id_number, s.data["declaration"]["child"]["full_name"]) for s in stored],
            [(dossier.applicant_id_number, "Nguyễn Minh Khôi")],
        )

    def test_holders_are_read_from_the_declaration(self) -> None:
        dossier = self.dossier()
        dossier.procedure_version.result_holders = ["declaration.mother.id_number"]
        self.assertEqual(holders(dossier), [self.mother.id_number])

    def test_the_newborn_gets_the_result_once_the_registry_gave_an_id_number(self) -> None:
        dossier = self.dossier()
        document = _result_for(dossier)
        update = build_update(dossier, register_number="7/2026", decided=date(2026, 12, 1))
        assert update is not None
        row = queue_update(update, reference=f"{dossier.code}/x", actor=None, dossier_id=dossier.pk)
        deliver(row.pk)  # the embedded registry; the signal stores the child's copy
        row.refresh_from_db()
        self.assertEqual(row.status, RegistryUpdate.Status.APPLIED)
        self.assertTrue(
            StoredDocument.objects.filter(
                owner_id_number=row.assigned_id_number, document=document
            ).exists()
        )

    def test_the_newborn_is_stored_once(self) -> None:
        dossier = self.dossier()
        _result_for(dossier)
        update = build_update(dossier, register_number="8/2026", decided=date(2026, 12, 1))
        assert update is not None
        row = queue_update(update, reference=f"{dossier.code}/y", actor=None, dossier_id=dossier.pk)
        deliver(row.pk)
        row.refresh_from_db()
        self.assertIsNone(store_for_newborn(row))


def _result_for(dossier: Dossier) -> IssuedDocument:
    """A stand-in result document linked to the dossier (rendering is tested elsewhere)."""
    from documents.testing import pdf_bytes
    from dossiers.issued import save_for_dossier

    return save_for_dossier(
        IssuedDocument(
            code=f"KQ-{dossier.pk:04d}-TEST-0000"[:20],
            kind=IssuedDocument.Kind.RESULT,
            title="Giấy khai sinh",
            issuer=dossier.competent_unit,
            issued_at=dossier.submitted_at,
        ),
        pdf_bytes(),
        "ket-qua.pdf",
        dossier=dossier,
    )
