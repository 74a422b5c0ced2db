"""Dates in Vietnamese words, as a birth certificate writes the date of birth."""

from __future__ import annotations

from datetime import date

from django.template import engines
from django.test import SimpleTestCase

from documents.words import date_words, number_words


class NumberWordsTestCase(SimpleTestCase):
    def test_numbers_read_as_vietnamese_says_them(self) -> None:
        for number, words in (
            (0, "không"),
            (15, "mười lăm"),
            (21, "hai mươi mốt"),
            (105, "một trăm linh năm"),
            (1995, "một nghìn chín trăm chín mươi lăm"),
            (2005, "hai nghìn không trăm linh năm"),
            (2026, "hai nghìn không trăm hai mươi sáu"),
        ):
            with self.subTest(number=number):
                self.assertEqual(number_words(number), words)


class DateWordsTestCase(SimpleTestCase):
    def test_a_date_reads_day_month_and_year(self) -> None:
        self.assertEqual(
            date_words(date(2026, 11, 20)),
            "Ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi sáu",
        )

    def test_early_days_take_mong_and_april_is_thang_tu(self) -> None:
        self.assertEqual(
            date_words(date(2025, 4, 5)),
            "Ngày mồng năm tháng tư năm hai nghìn không trăm hai mươi lăm",
        )

    def test_the_filter_reads_an_iso_date_as_declared(self) -> None:
        template = engines["django"].from_string(
            "{% load document_words %}{{ value|date_words }}|{{ bad|date_words }}"
        )
        rendered = template.render({"value": "2026-01-02", "bad": "x"})
        self.assertEqual(rendered, "Ngày mồng hai tháng một năm hai nghìn không trăm hai mươi sáu|")
