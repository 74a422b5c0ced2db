"""No template carries inline script, inline style or event-handler attributes: the
Content-Security-Policy (config/settings.py SECURE_CSP) would block them in the browser."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SKIPPED = {".venv", "node_modules", "static", "staticfiles", "frontend"}
# Rendered to PDF by WeasyPrint, never served to a browser: their styles are inline on purpose.
PDF_TEMPLATES = (
    "documents/templates/documents/slips/",
    "documents/templates/documents/results/",
    "documents/templates/documents/declarations/",
)
PDF_STYLE = "documents/templates/documents/style.html"


def templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = []
    for path in root.rglob("*.html"):
        relative = path.relative_to(root)
        if SKIPPED.intersection(relative.parts) or str(relative) == PDF_STYLE:
            continue
        if not str(relative).startswith(PDF_TEMPLATES):
            found.append(path)
    return found


class InlineCodeTestCase(SimpleTestCase):
    def offending(self, pattern: re.Pattern[str]) -> list[str]:
        return [str(p) for p in templates() if pattern.search(p.read_text(encoding="utf-8"))]

    def test_the_templates_are_found(self) -> None:
        self.assertTrue(any(p.name == "base.html" for p in templates()))

    def test_no_template_has_an_inline_script(self) -> None:
        self.assertEqual(self.offending(INLINE_SCRIPT), [])

    def test_no_template_has_an_inline_style(self) -> None:
        self.assertEqual(self.offending(INLINE_STYLE), [])

    def test_no_template_has_an_event_handler_attribute(self) -> None:
        self.assertEqual(self.offending(EVENT_HANDLER), [])
