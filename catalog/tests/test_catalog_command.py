from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from catalog.models import Procedure
from catalog.tests.test_import import DEMO_COUNT, DEMO_FILE


class CatalogCommandTestCase(TestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("catalog", *args, stdout=out)
        return out.getvalue()

    def test_import_reports_what_it_loaded(self) -> None:
        output = self.run_command("import", str(DEMO_FILE))
        self.assertIn(f"{DEMO_COUNT} mới", output)

    def test_import_of_a_bad_file_says_nothing_was_written(self) -> None:
        document = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        document["procedures"][2]["level"] = "district"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bad.json"
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            with self.assertRaises(CommandError) as caught:
                self.run_command("import", str(path))
        message = str(caught.exception)
        self.assertIn("chưa ghi gì", message)
        self.assertIn("procedures[2] (1.000656): level", message)
        self.assertEqual(Procedure.objects.count(), 0)

    def test_export_writes_the_catalog_as_json(self) -> None:
        self.run_command("import", str(DEMO_FILE))
        exported = json.loads(self.run_command("export"))
        self.assertEqual(len(exported["procedures"]), DEMO_COUNT)

    def test_search_prints_matching_procedures(self) -> None:
        self.run_command("import", str(DEMO_FILE))
        self.assertIn(
            "1.001193\tĐăng ký khai sinh", self.run_command("search", "dang ky khai sinh")
        )

    def test_import_of_an_unstorable_file_prints_the_errors_and_writes_nothing(self) -> None:
        document = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        document["procedures"][0]["components"][0]["copies"] = 2**40
        text = json.dumps(document, ensure_ascii=False).replace(
            '"Đăng ký khai sinh"', '"\\ud800"', 1
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bad.json"
            path.write_text(text, encoding="utf-8")
            with self.assertRaises(CommandError) as caught:
                self.run_command("import", str(path))
        message = str(caught.exception)
        message.encode("utf-8")  # printable, though the file held a lone surrogate
        self.assertIn("chưa ghi gì", message)
        self.assertIn("procedures[0] (1.001193): name", message)
        self.assertIn("procedures[0] (1.001193): components[0]: copies", message)
        self.assertEqual(caught.exception.returncode, 1)
        self.assertEqual(Procedure.objects.count(), 0)
