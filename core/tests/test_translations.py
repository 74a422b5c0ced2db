from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
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
