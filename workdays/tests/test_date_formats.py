"""Dates are read day first also where no language is active (a command, a background task):
Django's own fallback list reads 08/02/2027 as 2 August."""

from __future__ import annotations

from datetime import date

from django import forms
from django.test import SimpleTestCase
from django.utils import translation


class NoLanguageTestCase(SimpleTestCase):
    def test_a_plain_date_field_reads_day_first_with_no_language_active(self) -> None:
        with translation.override(None):
            self.assertEqual(forms.DateField().clean("08/02/2027"), date(2027, 2, 8))

    def test_it_refuses_a_month_first_date_with_no_language_active(self) -> None:
        with translation.override(None), self.assertRaises(forms.ValidationError):
            forms.DateField().clean("02/13/2027")
