from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import TestCase

from core.testing import create_province
from units.codes import province_part, validate_unit_code
from units.models import AdministrativeUnit, GovernmentUnit


class UnitCodeTestCase(TestCase):
    """Unit codes follow QCVN 102 (XXX.XX.XX.HNN); full_clean enforces it."""

    province: AdministrativeUnit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.province = create_province()

    def build(self, code: str) -> GovernmentUnit:
        return GovernmentUnit(
            code=code, name="Đơn vị thử", kind=GovernmentUnit.Kind.DEPARTMENT, area=self.province
        )

    def assert_code_refused(self, code: str) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.build(code).full_clean()
        self.assertEqual(list(caught.exception.message_dict), ["code"])

    def test_it_accepts_the_province_code(self) -> None:
        self.build("000.00.00.H26").full_clean()  # does not raise

    def test_it_accepts_letters_and_digits_in_the_lower_levels(self) -> None:
        self.build("A1B.2C.D3.G01").full_clean()  # does not raise

    def test_it_refuses_a_lower_case_level_one(self) -> None:
        self.assert_code_refused("000.00.00.h26")

    def test_it_refuses_a_missing_level(self) -> None:
        self.assert_code_refused("000.00.H26")

    def test_it_refuses_a_level_of_the_wrong_length(self) -> None:
        self.assert_code_refused("0000.00.00.H26")

    def test_it_refuses_a_level_one_that_starts_with_a_digit(self) -> None:
        self.assert_code_refused("000.00.00.126")

    def test_it_refuses_other_separators(self) -> None:
        self.assert_code_refused("000-00-00-H26")

    def test_it_refuses_surrounding_text(self) -> None:
        self.assert_code_refused("000.00.00.H26 ")

    def test_it_names_the_rule_in_the_message(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.build("H26").full_clean()
        (message,) = caught.exception.message_dict["code"]
        self.assertIn("QCVN 102", message)
        self.assertIn("H26", message)

    def test_validator_raises_with_its_code(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            validate_unit_code("000.00.00")
        self.assertEqual(caught.exception.code, "unit_code")

    def test_province_part_is_level_one(self) -> None:
        self.assertEqual(province_part("000.00.70.H26"), "H26")
