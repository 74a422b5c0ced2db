"""The empty choice of a select made from a model field's choices is in the page's language."""

from __future__ import annotations

from django.forms import ChoiceField, modelform_factory
from django.test import SimpleTestCase
from django.utils import translation

from dossiers.models import Dossier


def blank_label() -> str:
    field = modelform_factory(Dossier, fields=["outcome"])().fields["outcome"]
    assert isinstance(field, ChoiceField)
    return str(next(iter(field.choices))[1])


class BlankChoiceTestCase(SimpleTestCase):
    def test_it_is_vietnamese_on_vietnamese_pages(self) -> None:
        with translation.override("vi"):
            self.assertEqual(blank_label(), "— Chọn —")

    def test_it_is_english_on_english_pages(self) -> None:
        with translation.override("en"):
            self.assertEqual(blank_label(), "— Choose —")
