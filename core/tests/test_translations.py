from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages
from django.test import SimpleTestCase
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po"


class TranslationsTestCase(SimpleTestCase):
    def test_every_string_has_an_english_translation(self) -> None:
        untranslated = [
            entry.msgid for entry in polib.pofile(str(PO_FILE)) if not entry.translated()
        ]
        self.assertEqual(untranslated, [])

    def test_the_compiled_catalog_is_in_use(self) -> None:
        with translation.override("en"):
            self.assertEqual(translation.gettext("Thủ tục hành chính"), "Administrative procedures")

    def test_every_string_of_the_source_is_in_the_catalog(self) -> None:
        # makemessages as `make messages` runs it, into a copy of the catalog: a string marked
        # for translation in the code but missing from the .po shows up untranslated.
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) / "en/LC_MESSAGES"
            target.mkdir(parents=True)
            shutil.copy(PO_FILE, target / "django.po")
            command = _MessagesInto(scratch)
            with contextlib.chdir(settings.BASE_DIR):
                call_command(
                    command,
                    locale=["en"],
                    ignore_patterns=[".venv", "frontend", "static", "var", "node_modules"],
                    no_obsolete=True,
                    verbosity=0,
                )
            refreshed = polib.pofile(str(target / "django.po"))
        missing = [entry.msgid for entry in refreshed if entry.msgid and not entry.translated()]
        self.assertEqual(missing, [])


class _MessagesInto(makemessages.Command):
    """makemessages writing to ``scratch`` instead of the project's locale folder."""

    def __init__(self, scratch: str) -> None:
        super().__init__()
        self.scratch = scratch

    def find_files(self, root: str) -> list[Any]:
        found: list[Any] = super().find_files(root)
        self.locale_paths = [self.scratch]  # where the catalogs are then written
        return found

    def process_locale_dir(self, locale_dir: str, files: list[Any]) -> None:
        super().process_locale_dir(self.scratch, files)
