"""normalise_login: every spelling of one identifier becomes one string, ID numbers in 0-9."""

from __future__ import annotations

import unicodedata

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from accounts.identifiers import normalise_login
from accounts.tests.flow import ARABIC_INDIC, BOLD_ZERO, FULL_WIDTH, ID_NUMBER, ONE_WIDE_DIGIT

# NFKC leaves these alone too.
DEVANAGARI = "००१०९००१२३४५"


class NormaliseLoginTestCase(SimpleTestCase):
    def test_the_reported_spellings_become_the_ascii_number(self) -> None:
        for spelling in (FULL_WIDTH, ONE_WIDE_DIGIT, BOLD_ZERO):
            with self.subTest(spelling=spelling):
                self.assertEqual(normalise_login(spelling), ID_NUMBER)

    def test_digits_of_other_scripts_are_mapped_to_ascii(self) -> None:
        for spelling in (ARABIC_INDIC, DEVANAGARI, "٠٠١090012345"):
            with self.subTest(spelling=spelling):
                self.assertEqual(normalise_login(spelling), ID_NUMBER)

    def test_spaces_and_invisible_characters_inside_a_number_go(self) -> None:
        for spelling in ("001 090 012 345", "0010900\u200b12345", "\ufeff001090012345\u00ad"):
            with self.subTest(spelling=spelling):
                self.assertEqual(normalise_login(spelling), ID_NUMBER)

    def test_surrounding_whitespace_goes(self) -> None:
        self.assertEqual(normalise_login("\u3000 001090012345\t\n"), ID_NUMBER)

    def test_a_user_name_is_nfkc_without_surrounding_spaces(self) -> None:
        self.assertEqual(normalise_login("  ｃａｎｂｏ.ｋｈｏａ "), "canbo.khoa")

    def test_a_user_name_keeps_its_case(self) -> None:
        # Django's user names are case-sensitive; only the lock's name key is case-folded.
        self.assertEqual(normalise_login("CanBo.Khoa"), "CanBo.Khoa")

    def test_a_decomposed_name_is_stored_composed(self) -> None:
        decomposed = unicodedata.normalize("NFD", "nguyễn.văn")
        self.assertEqual(normalise_login(decomposed), "nguyễn.văn")

    def test_letters_with_digits_are_not_an_id_number(self) -> None:
        self.assertEqual(normalise_login("canbo٣"), "canbo٣")

    @given(st.text())
    def test_it_is_idempotent(self, raw: str) -> None:
        once = normalise_login(raw)
        self.assertEqual(normalise_login(once), once)

    @given(st.lists(st.sampled_from(["０", "0", "𝟎", "٠", "०", " "]), min_size=1))
    def test_any_mix_of_zeros_is_ascii(self, parts: list[str]) -> None:
        result = normalise_login("".join(parts) + "1")
        self.assertTrue(result.isascii() and set(result) <= set("01"), result)
