from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

from identity.validators import validate_personal_id_number


class PersonalIdValidatorTestCase(SimpleTestCase):
    def test_it_accepts_the_ids_the_test_builders_use(self) -> None:
        for value in ["001090000019", "001190000777", "001195006789", "001088012345"]:
            with self.subTest(value=value):
                validate_personal_id_number(value)

    def test_a_wrong_length_keeps_its_code_and_message(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            validate_personal_id_number("12345")
        self.assertEqual(caught.exception.code, "personal_id_format")
        self.assertEqual(
            caught.exception.messages, ["Số định danh cá nhân phải gồm đúng 12 chữ số."]
        )

    def test_a_wrong_length_is_translated(self) -> None:
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            validate_personal_id_number("12345")
        self.assertEqual(caught.exception.messages, ["A personal ID number has exactly 12 digits."])

    def test_an_unknown_province_names_the_code(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            validate_personal_id_number("099090000019")
        self.assertEqual(caught.exception.code, "personal_id_province")
        self.assertIn("“099”", caught.exception.messages[0])
