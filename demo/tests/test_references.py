"""`demo references`: declarations and results checked with pdfsig, then rendered page by page
into a folder with a README; a document pdfsig does not accept stops it before any file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import skipUnless

from django.core.management import CommandError, call_command
from django.test import TestCase

from documents.issue import page_count
from documents.models import IssuedDocument
from documents.poppler import PDFSIG, PDFTOPPM
from documents.testing import overwrite_stored, read_stored
from dossiers.testing import (
    DECLARATION_SOURCES,
    Office,
    attachment,
    create_decided_dossier,
    create_eform_procedure,
    declaration_data,
)

HAS_POPPLER = Path(PDFSIG).exists() and Path(PDFTOPPM).exists()


def pages(document: IssuedDocument) -> int:
    return page_count(read_stored(document))


def export(out: Path) -> str:
    from io import StringIO

    output = StringIO()
    call_command("demo", "references", "--out", str(out), stdout=output)
    return output.getvalue()


@skipUnless(HAS_POPPLER, "poppler-utils (pdfsig, pdftoppm) is not installed")
class ReferencesExportTestCase(TestCase):
    """One decided e-form dossier: its declaration and its result."""

    code: str

    @classmethod
    def setUpTestData(cls) -> None:
        version = create_eform_procedure()
        files = {c.pk: attachment() for c in version.components.filter(position__gt=1)}
        create_decided_dossier(
            version,
            Office.create(),
            declaration=declaration_data(),
            declaration_sources=DECLARATION_SOURCES,
            files=files,
        )
        cls.code = version.procedure.code

    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.out = Path(folder.name)

    def test_each_page_is_written_under_kind_procedure_rank_and_page(self) -> None:
        export(self.out)
        expected = [
            f"{kind}-{self.code}-1-p{n}.png"
            for kind in ("declaration", "result")
            for n in range(1, pages(IssuedDocument.objects.get(kind=kind)) + 1)
        ]
        self.assertEqual(sorted(path.name for path in self.out.glob("*.png")), sorted(expected))

    def test_the_readme_links_each_image_with_its_pdfsig_verdict(self) -> None:
        export(self.out)
        readme = (self.out / "README.md").read_text(encoding="utf-8")
        for image in self.out.glob("*.png"):
            with self.subTest(image=image.name):
                self.assertIn(f"]({image.name})", readme)
        rows = [line for line in readme.splitlines() if line.startswith("| `")]
        # The declaration's seal; the result's leader and unit signatures.
        self.assertEqual([row.count("Signature is Valid.") for row in rows], [1, 2])

    def test_an_export_removes_the_images_of_an_earlier_one_and_nothing_else(self) -> None:
        stale = self.out / f"result-{self.code}-2-p1.png"
        stale.write_bytes(b"old")
        notes = self.out / "notes.txt"
        notes.write_text("kept")
        export(self.out)
        self.assertFalse(stale.exists())
        self.assertTrue(notes.exists())

    def test_a_document_pdfsig_finds_invalid_stops_the_export_before_any_file(self) -> None:
        result = IssuedDocument.objects.get(kind=IssuedDocument.Kind.RESULT)
        original = read_stored(result)
        self.addCleanup(overwrite_stored, result, original)  # the files outlive the test
        data = bytearray(original)
        data[2000] ^= 0x01  # one changed byte inside the signed range
        overwrite_stored(result, bytes(data))
        with self.assertRaisesMessage(CommandError, f"{result.code} (result"):
            export(self.out)
        self.assertEqual(list(self.out.iterdir()), [])
