"""Which body decides a commune procedure and in which register its results are numbered:
civil status and certification by the commune People's Committee, residence by the commune
police, both received at the commune centre. Files written before either still import."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.test import SimpleTestCase, TestCase, TransactionTestCase

from catalog.models import ProcedureVersion
from catalog.tests.test_import import demo_document
from catalog.transfer import CatalogImportError, load_catalog
from core.testing import create_unit, create_version, latest_migrations, migrate
from units.models import GovernmentUnit

Kind = GovernmentUnit.Kind
MIGRATION = import_module("catalog.migrations.0009_commune_committees")


def older_document() -> dict[str, Any]:
    """The demo catalog as it was written before committees and registers."""
    document = demo_document()
    for procedure in document["procedures"]:
        del procedure["result"]["register_code"]
        if procedure["performing_unit_kinds"] == [Kind.COMMUNE_COMMITTEE]:
            procedure["performing_unit_kinds"] = [Kind.COMMUNE_CENTER]
    return document


class CatalogFileTestCase(SimpleTestCase):
    def test_civil_status_and_certification_are_decided_by_the_commune_committee(self) -> None:
        kinds = {(p["sector"], *p["performing_unit_kinds"]) for p in demo_document()["procedures"]}
        self.assertEqual(
            kinds,
            {
                ("ho-tich", Kind.COMMUNE_COMMITTEE),
                ("chung-thuc", Kind.COMMUNE_COMMITTEE),
                ("cu-tru", Kind.COMMUNE_POLICE),
            },
        )

    def test_the_migration_gives_stored_versions_what_the_file_now_says(self) -> None:
        # Otherwise importing the file again on an older database would be refused.
        registers = {**MIGRATION.COMMITTEE_PROCEDURES, **MIGRATION.POLICE_PROCEDURES}
        for procedure in demo_document()["procedures"]:
            with self.subTest(code=procedure["code"]):
                self.assertEqual(procedure["result"]["register_code"], registers[procedure["code"]])
                committee = procedure["code"] in MIGRATION.COMMITTEE_PROCEDURES
                self.assertEqual(
                    procedure["performing_unit_kinds"] == [Kind.COMMUNE_COMMITTEE], committee
                )


class RegisterCodeImportTestCase(TestCase):
    def test_a_file_written_before_registers_imports_with_the_procedure_code(self) -> None:
        load_catalog(older_document())
        version = ProcedureVersion.objects.get(procedure__code="1.001193")
        self.assertEqual((version.register_code, version.register), ("", "1.001193"))
        self.assertEqual(version.unit_kinds, [Kind.COMMUNE_CENTER])

    def test_the_register_code_is_read_from_the_result(self) -> None:
        load_catalog(demo_document())
        version = ProcedureVersion.objects.get(procedure__code="2.000815")
        self.assertEqual(version.register, "CT-BS")

    def test_it_refuses_a_register_code_that_is_not_capitals_and_digits(self) -> None:
        document = demo_document()
        document["procedures"][0]["result"]["register_code"] = "ks sinh"
        with self.assertRaises(CatalogImportError) as caught:
            load_catalog(document)
        self.assertIn("result: register_code", caught.exception.errors[0])
        self.assertFalse(ProcedureVersion.objects.exists())


class HandledAtTestCase(TestCase):
    def test_a_centre_offers_what_the_bodies_it_receives_for_decide(self) -> None:
        centre = create_unit()
        create_unit(kind=Kind.COMMUNE_COMMITTEE, receives_dossiers=False, receiving_unit=centre)
        decided = create_version()
        decided.unit_kinds = [Kind.COMMUNE_COMMITTEE]
        decided.save()
        self.assertEqual(list(ProcedureVersion.objects.handled_at(centre)), [decided])

    def test_a_centre_receiving_for_nobody_offers_only_its_own(self) -> None:
        centre = create_unit()
        create_unit(kind=Kind.COMMUNE_COMMITTEE, receives_dossiers=False)  # another centre's
        decided = create_version()
        decided.unit_kinds = [Kind.COMMUNE_COMMITTEE]
        decided.save()
        self.assertEqual(list(ProcedureVersion.objects.handled_at(centre)), [])


BEFORE = [("catalog", "0008_register_code")]


class CommitteeMigrationTestCase(TransactionTestCase):
    def tearDown(self) -> None:
        migrate(latest_migrations())

    def version_before(self, code: str, kinds: str) -> int:
        old = migrate(BEFORE)
        Procedure = old.get_model("catalog", "Procedure")
        Sector = old.get_model("catalog", "Sector")
        version = old.get_model("catalog", "ProcedureVersion").objects.create(
            procedure=Procedure.objects.create(code=code),
            version=1, status="published", effective_from="2025-07-01", name="Thủ tục",
            level="commune", sector=Sector.objects.create(code="ho-tich", name="Hộ tịch"),
            deciding_body="UBND cấp xã", performing_body="UBND cấp xã", steps="Bước 1.",
            time_limit_unit="working_days", time_limit_value=3, result_name="Kết quả",
            online_level="full", full_online_eligible=True, performing_unit_kinds=kinds,
        )  # fmt: skip
        migrate(latest_migrations())
        return int(version.pk)

    def test_a_civil_status_version_goes_to_the_committee_with_its_register(self) -> None:
        pk = self.version_before("1.004873", "|commune_center|")
        version = ProcedureVersion.objects.get(pk=pk)
        self.assertEqual(
            (version.unit_kinds, version.register_code), (["commune_committee"], "XNHN")
        )

    def test_a_procedure_of_another_catalog_keeps_its_centre(self) -> None:
        pk = self.version_before("9.000001", "|commune_center|")
        version = ProcedureVersion.objects.get(pk=pk)
        self.assertEqual((version.unit_kinds, version.register_code), (["commune_center"], ""))
