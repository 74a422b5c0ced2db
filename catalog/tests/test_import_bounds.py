"""Values the database cannot hold, or text it cannot store, are refused before any write.

Each case once gave a traceback (PostgreSQL DataError, UnicodeEncodeError, RecursionError,
ValueError) or was stored silently (SQLite keeps 2^40 in a small-integer column). Now each is
the import's own error, naming the record and the field, and nothing is written.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.test import TestCase

from catalog.models import ChannelOption, Component, Procedure, ProcedureVersion, Sector
from catalog.tests.test_import import demo_document
from catalog.transfer import CatalogImportError, load_catalog, load_catalog_file

FIRST = "procedures[0] (1.001193)"


def nested_list(depth: int) -> list[Any]:
    # Built in a loop: a recursive builder would itself hit the recursion limit.
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


class CatalogImportBoundsTestCase(TestCase):
    def assert_nothing_written(self) -> None:
        self.assertEqual(Procedure.objects.count(), 0)
        self.assertEqual(ProcedureVersion.objects.count(), 0)
        self.assertEqual(Sector.objects.count(), 0)
        self.assertEqual(ChannelOption.objects.count(), 0)
        self.assertEqual(Component.objects.count(), 0)

    def errors_for(self, document: object) -> list[str]:
        with self.assertRaises(CatalogImportError) as caught:
            load_catalog(document)
        self.assert_nothing_written()
        return caught.exception.errors

    def file_errors_for(self, text: str) -> list[str]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "catalog.json"
            path.write_text(text, encoding="utf-8")
            with self.assertRaises(CatalogImportError) as caught:
                load_catalog_file(path)
        self.assert_nothing_written()
        for error in caught.exception.errors:
            error.encode("utf-8")  # every message can be printed
        return caught.exception.errors

    def with_raw_value(self, path: tuple[str | int, ...], token: str) -> str:
        """The demo file as JSON text with ``token`` written verbatim at ``path``."""
        document = demo_document()
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = "@@RAW@@"
        return json.dumps(document, ensure_ascii=False).replace('"@@RAW@@"', token)

    def assert_names(self, errors: list[str], where: str) -> None:
        self.assertEqual(len(errors), 1, errors)
        self.assertIn(where, errors[0])

    def test_it_refuses_a_version_beyond_the_integer_column(self) -> None:
        document = demo_document()
        document["procedures"][0]["version"] = 2**31
        self.assert_names(self.errors_for(document), f"{FIRST}: version")

    def test_it_refuses_a_large_number_in_a_small_integer_column(self) -> None:
        document = demo_document()
        document["procedures"][0]["components"][0]["copies"] = 2**40
        self.assert_names(self.errors_for(document), f"{FIRST}: components[0]: copies")

    def test_it_refuses_a_small_integer_just_past_its_bound(self) -> None:
        document = demo_document()
        document["procedures"][0]["result"]["valid_months"] = 32768
        self.assert_names(self.errors_for(document), f"{FIRST}: result: valid_months")

    def test_it_refuses_a_fee_beyond_the_big_integer_column(self) -> None:
        document = demo_document()
        document["procedures"][0]["channels"][0]["fees"][0]["amount"] = 2**63
        self.assert_names(self.errors_for(document), f"{FIRST}: channels[0]: fees[0]: amount")

    def test_it_refuses_a_nul_character_in_text(self) -> None:
        document = demo_document()
        document["procedures"][0]["name"] = "Đăng ký\x00khai sinh"
        self.assert_names(self.errors_for(document), f"{FIRST}: name")

    def test_it_refuses_a_nul_character_in_a_list_of_text(self) -> None:
        document = demo_document()
        document["procedures"][0]["legal_basis"] = ["Luật Hộ tịch 2014", "Nghị định\x00"]
        self.assert_names(self.errors_for(document), f"{FIRST}: legal_basis[1]")

    def test_it_refuses_a_lone_surrogate(self) -> None:
        document = demo_document()
        document["procedures"][0]["steps"] = "Bước 1 \ud800"
        self.assert_names(self.errors_for(document), f"{FIRST}: steps")

    def test_it_refuses_a_lone_surrogate_escape_in_the_file(self) -> None:
        text = self.with_raw_value(("procedures", 0, "name"), '"Khai sinh \\ud800"')
        self.assert_names(self.file_errors_for(text), f"{FIRST}: name")

    def test_it_names_a_record_whose_code_is_a_lone_surrogate(self) -> None:
        text = self.with_raw_value(("procedures", 0, "code"), '"\\udfff"')
        [error] = self.file_errors_for(text)
        self.assertIn("procedures[0]", error)
        self.assertIn(": code", error)

    def test_it_refuses_a_deeply_nested_file(self) -> None:
        text = self.with_raw_value(("procedures", 0, "name"), "[" * 100_000 + "]" * 100_000)
        [error] = self.file_errors_for(text)
        self.assertIn("lồng", error)
        self.assertIn("dòng 1", error)

    def test_it_refuses_a_deeply_nested_value(self) -> None:
        document = demo_document()
        document["procedures"][0]["version"] = nested_list(100_000)
        self.assert_names(self.errors_for(document), f"{FIRST}: version")

    def test_it_refuses_a_code_in_arabic_indic_digits(self) -> None:
        document = demo_document()
        document["procedures"][0]["code"] = "١.٠٠١١٩٣"
        [error] = self.errors_for(document)
        self.assertIn("procedures[0] (١.٠٠١١٩٣): code", error)

    def test_it_refuses_a_sector_code_outside_the_slug_pattern(self) -> None:
        document = demo_document()
        document["sectors"][0]["code"] = "hộ-tịch"
        errors = self.errors_for(document)
        self.assertIn("sectors[0]: code", errors[0])

    def test_it_refuses_an_infinite_number(self) -> None:
        text = self.with_raw_value(("procedures", 0, "version"), "1e999")
        self.assert_names(self.file_errors_for(text), f"{FIRST}: version")

    def test_it_refuses_a_non_standard_nan(self) -> None:
        text = self.with_raw_value(("procedures", 0, "components", 0, "copies"), "NaN")
        self.assert_names(self.file_errors_for(text), f"{FIRST}: components[0]: copies")

    def test_it_refuses_an_integer_of_five_thousand_digits(self) -> None:
        text = self.with_raw_value(("procedures", 0, "version"), "9" * 5000)
        self.assert_names(self.file_errors_for(text), f"{FIRST}: version")

    def test_it_refuses_a_boolean_written_as_a_string(self) -> None:
        document = demo_document()
        document["procedures"][0]["full_online_eligible"] = "true"
        self.assert_names(self.errors_for(document), f"{FIRST}: full_online_eligible")

    def test_it_refuses_a_boolean_written_as_a_number(self) -> None:
        document = demo_document()
        document["procedures"][0]["components"][0]["required"] = 1
        self.assert_names(self.errors_for(document), f"{FIRST}: components[0]: required")

    def test_it_refuses_a_file_that_is_not_utf8(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "catalog.json"
            path.write_bytes(json.dumps(demo_document(), ensure_ascii=False).encode("utf-16"))
            with self.assertRaises(CatalogImportError) as caught:
                load_catalog_file(path)
        self.assertIn("UTF-8", caught.exception.errors[0])
        self.assert_nothing_written()
