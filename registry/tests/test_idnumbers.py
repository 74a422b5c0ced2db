"""The one generator of personal ID numbers makes numbers that identity's rules accept."""

from __future__ import annotations

import random
from datetime import date

from django.test import SimpleTestCase

from identity.idnumber import Sex, parse_personal_id
from registry.idnumbers import new_id_number, province_digits


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - test data


def free(_number: str) -> bool:
    return False


class IdNumbersTestCase(SimpleTestCase):
    def test_numbers_agree_with_the_birth_year_sex_and_province(self) -> None:
        rng = seeded(1)
        for born in (date(1950, 2, 3), date(1999, 12, 31), date(2000, 1, 1), date(2025, 7, 1)):
            for sex in Sex:
                with self.subTest(born=born, sex=sex):
                    number = new_id_number(born, sex, "079", rng=rng, taken=free)
                    parsed = parse_personal_id(number, date_of_birth=born, sex=sex)
                    self.assertEqual(parsed.province_code, "079")

    def test_a_number_taken_is_drawn_again(self) -> None:
        first = new_id_number(date(1990, 1, 1), "male", "001", rng=seeded(3), taken=free)
        second = new_id_number(
            date(1990, 1, 1), "male", "001", rng=seeded(3), taken=lambda n: n == first
        )
        self.assertNotEqual(second, first)

    def test_only_the_63_province_codes_are_used(self) -> None:
        self.assertEqual(province_digits(1), "001")
        self.assertIsNone(province_digits(3))
        with self.assertRaises(ValueError):
            new_id_number(date(1990, 1, 1), "male", "003", rng=seeded(1), taken=free)
