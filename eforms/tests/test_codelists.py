"""The code lists choice fields draw from."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from eforms import codelists


class CodelistsTestCase(SimpleTestCase):
    def test_there_are_the_54_ethnic_groups(self) -> None:
        self.assertEqual(len(codelists.codes("ethnicity")), 54)

    def test_the_ethnic_groups_are_numbered_01_to_54(self) -> None:
        self.assertEqual(
            [code for code, _name in codelists.choices("ethnicity")],
            [f"{n:02d}" for n in range(1, 55)],
        )

    def test_kinh_is_the_first_ethnic_group(self) -> None:
        self.assertEqual(codelists.label("ethnicity", "01"), "Kinh")

    def test_nationality_starts_with_viet_nam(self) -> None:
        self.assertEqual(codelists.choices("nationality")[0], ("VN", "Việt Nam"))

    def test_nationality_names_are_in_vietnamese(self) -> None:
        self.assertEqual(codelists.label("nationality", "FR"), "Pháp")

    def test_nationality_names_are_in_english_when_english_is_active(self) -> None:
        with translation.override("en"):
            self.assertEqual(codelists.label("nationality", "FR"), "France")

    def test_nationality_after_viet_nam_follows_the_vietnamese_names(self) -> None:
        names = [name for _code, name in codelists.choices("nationality")[1:]]
        self.assertEqual(names, sorted(names))

    def test_nationality_uses_iso_3166_alpha_2_codes(self) -> None:
        codes = codelists.codes("nationality")
        self.assertGreater(len(codes), 240)
        self.assertTrue(all(len(code) == 2 and code.isupper() for code in codes))

    def test_labels_follow_the_active_language(self) -> None:
        with translation.override("en"):
            self.assertEqual(codelists.label("sex", "female"), "Female")
        self.assertEqual(codelists.label("sex", "female"), "Nữ")

    def test_an_unknown_code_is_shown_as_it_is(self) -> None:
        self.assertEqual(codelists.label("sex", "x"), "x")

    def test_the_marital_statuses_are_the_registrys(self) -> None:
        from registry.models import MaritalStatus

        self.assertEqual(codelists.codes("marital_status"), frozenset(MaritalStatus.values))

    def test_every_key_gives_a_list(self) -> None:
        for key in sorted(codelists.KEYS):
            with self.subTest(key=key):
                self.assertTrue(codelists.choices(key))
