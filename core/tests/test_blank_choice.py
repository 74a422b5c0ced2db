"""The empty choice of a select made from a model field's choices is in the page's language."""

from __future__ import annotations

import re

from django.forms import modelform_factory
from django.test import SimpleTestCase
from django.utils import translation

from dossiers.models import Dossier


def blank_label() -> str:
    html = str(modelform_factory(Dossier, fields=["outcome"])()["outcome"])
    found = re.search(r'<option value=""[^>]*>([^<]*)</option>', html)
    assert found is not None, html
    return found.group(1)


class BlankChoiceTestCase(SimpleTestCase):
    def test_it_is_vietnamese_on_vietnamese_pages(self) -> None:
        with translation.override("vi"):
            self.assertEqual(blank_label(), "— Chọn —")

    def test_it_is_english_on_english_pages(self) -> None:
        with translation.override("en"):
            self.assertEqual(blank_label(), "— Choose —")
