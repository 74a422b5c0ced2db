from __future__ import annotations

import copy
import json
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from django.test import TestCase

from catalog.models import Component, Procedure, ProcedureVersion, Sector
from catalog.transfer import (
    CatalogImportError,
    export_catalog,
    load_catalog,
    load_catalog_file,
    read_catalog,
)

DEMO_FILE = Path(__file__).resolve().parents[1] / "data/hanoi_commune_procedures.json"


def demo_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return document


# Read from the file, so that adding a procedure to the demo catalog breaks no test.
DEMO_COUNT = len(demo_document()["procedures"])


class CatalogImportTestCase(TestCase):
    def errors_for(self, document: object) -> list[str]:
        with self.assertRaises(CatalogImportError) as caught:
            load_catalog(document)
        return caught.exception.errors

    def test_it_loads_the_demo_catalog(self) -> None:
        report = load_catalog(demo_document())
        self.assertEqual(len(report.versions_created), DEMO_COUNT)
        self.assertEqual(ProcedureVersion.objects.in_force().count(), DEMO_COUNT)

    def test_a_second_import_changes_nothing(self) -> None:
        load_catalog(demo_document())
        report = load_catalog(demo_document())
        self.assertEqual(report.versions_created, [])
        self.assertEqual(len(report.versions_unchanged), DEMO_COUNT)

    def test_export_gives_back_what_was_imported(self) -> None:
        document = demo_document()
        load_catalog(document)
        _sectors, canonical = read_catalog(document)
        exported = export_catalog()
        self.assertEqual(exported["procedures"], sorted(canonical, key=lambda p: p["code"]))

    def test_an_exported_catalog_imports_again_unchanged(self) -> None:
        load_catalog(demo_document())
        exported = export_catalog()
        report = load_catalog(json.loads(json.dumps(exported)))
        self.assertEqual(len(report.versions_unchanged), DEMO_COUNT)

    def test_an_error_names_the_record_and_the_field(self) -> None:
        document = demo_document()
        document["procedures"][3]["time_limit"]["unit"] = "weeks"
        [error] = self.errors_for(document)
        self.assertIn("procedures[3] (1.004873)", error)
        self.assertIn("time_limit", error)
        self.assertIn("unit", error)
        self.assertIn('"weeks"', error)

    def test_a_bad_file_writes_nothing(self) -> None:
        document = demo_document()
        document["procedures"][16]["components"][0]["originals"] = "một"
        self.errors_for(document)
        self.assertEqual(Procedure.objects.count(), 0)
        self.assertEqual(Sector.objects.count(), 0)
        self.assertEqual(Component.objects.count(), 0)

    def test_it_reports_every_error_at_once(self) -> None:
        document = demo_document()
        document["procedures"][0]["code"] = "1001193"
        document["procedures"][1]["online_level"] = "level4"
        document["procedures"][2]["full_online_eligible"] = "yes"
        self.assertEqual(len(self.errors_for(document)), 3)

    def test_it_refuses_a_malformed_procedure_code(self) -> None:
        document = demo_document()
        document["procedures"][0]["code"] = "1001193"
        [error] = self.errors_for(document)
        self.assertIn("code", error)
        self.assertIn("1001193", error)

    def test_it_refuses_a_missing_required_field(self) -> None:
        document = demo_document()
        del document["procedures"][5]["steps"]
        [error] = self.errors_for(document)
        self.assertIn("procedures[5] (1.004746): steps", error)

    def test_it_refuses_an_unknown_field(self) -> None:
        document = demo_document()
        document["procedures"][0]["fee"] = 0
        [error] = self.errors_for(document)
        self.assertIn("procedures[0] (1.001193): fee", error)

    def test_it_refuses_a_component_without_any_copy(self) -> None:
        document = demo_document()
        document["procedures"][0]["components"][1].update(originals=0, copies=0)
        [error] = self.errors_for(document)
        self.assertIn("components[1]", error)

    def test_it_refuses_an_unknown_sector(self) -> None:
        document = demo_document()
        document["procedures"][0]["sector"] = "dat-dai"
        [error] = self.errors_for(document)
        self.assertIn("sector", error)
        self.assertIn("dat-dai", error)

    def test_it_refuses_an_unknown_performing_unit(self) -> None:
        document = demo_document()
        document["procedures"][0]["performing_units"] = ["000.00.99.H26"]
        [error] = self.errors_for(document)
        self.assertIn("000.00.99.H26", error)

    def test_it_refuses_the_same_version_twice_in_a_file(self) -> None:
        document = demo_document()
        document["procedures"].append(copy.deepcopy(document["procedures"][0]))
        self.assertTrue(any("version" in error for error in self.errors_for(document)))

    def test_it_refuses_to_change_an_existing_version(self) -> None:
        load_catalog(demo_document())
        document = demo_document()
        document["procedures"][0]["time_limit"] = {"value": 2, "unit": "working_days", "note": ""}
        [error] = self.errors_for(document)
        self.assertIn("phiên bản 1", error)
        self.assertEqual(
            ProcedureVersion.objects.get(procedure__code="1.001193").time_limit_value, 0
        )

    def test_it_accepts_a_new_version_after_the_old_one_ends(self) -> None:
        document = demo_document()
        document["procedures"][0]["effective_to"] = "2026-12-31"
        newer = copy.deepcopy(document["procedures"][0])
        newer.update(version=2, effective_from="2027-01-01", effective_to=None)
        document["procedures"].append(newer)
        load_catalog(document)
        self.assertEqual(Procedure.objects.get(code="1.001193").versions.count(), 2)

    def test_it_refuses_overlapping_published_versions(self) -> None:
        document = demo_document()
        newer = copy.deepcopy(document["procedures"][0])
        newer.update(version=2, effective_from="2027-01-01")
        document["procedures"].append(newer)
        errors = self.errors_for(document)
        self.assertTrue(any("trùng" in error for error in errors), errors)

    def test_it_refuses_a_file_that_is_not_json(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            broken = Path(folder) / "broken.json"
            broken.write_text('{"format": "motcua.catalog/1", "procedures": [', encoding="utf-8")
            with self.assertRaises(CatalogImportError) as caught:
                load_catalog_file(broken)
        self.assertIn("dòng 1", caught.exception.errors[0])

    def test_it_refuses_another_format(self) -> None:
        [error] = self.errors_for({"format": "other/2", "procedures": []})
        self.assertIn("format", error)

    def test_it_stores_text_in_nfc(self) -> None:
        document = demo_document()
        document["procedures"][0]["name"] = unicodedata.normalize("NFD", "Đăng ký khai sinh")
        load_catalog(document)
        name = ProcedureVersion.objects.get(procedure__code="1.001193").name
        self.assertEqual(name, unicodedata.normalize("NFC", "Đăng ký khai sinh"))
