from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase

from identity.idnumber import (
    PROVINCES,
    IdNumberError,
    Sex,
    parse_personal_id,
    validate_old_id_number,
)


class PersonalIdNumberTestCase(SimpleTestCase):
    def assertRefused(self, value: str, code: str, message: str, **kwargs: object) -> None:
        with self.assertRaises(IdNumberError) as caught:
            parse_personal_id(value, **kwargs)  # type: ignore[arg-type]
        self.assertEqual(caught.exception.code, code)
        self.assertIn(message, str(caught.exception))

    def test_it_reads_a_man_born_in_the_1900s(self) -> None:
        number = parse_personal_id("001090000019")
        self.assertEqual(
            (number.province_code, number.province_name, number.sex, number.century),
            ("001", "Hà Nội", Sex.MALE, 1900),
        )
        self.assertEqual((number.year_digits, number.birth_year), ("90", 1990))

    def test_it_reads_a_woman_born_in_the_1900s(self) -> None:
        number = parse_personal_id("079195006789", date_of_birth=date(1995, 3, 8), sex=Sex.FEMALE)
        self.assertEqual(
            (number.province_name, number.sex, number.birth_year),
            ("TP Hồ Chí Minh", Sex.FEMALE, 1995),
        )

    def test_it_reads_a_man_born_in_the_2000s(self) -> None:
        number = parse_personal_id("048205000001", date_of_birth=date(2005, 1, 1), sex=Sex.MALE)
        self.assertEqual((number.sex, number.century, number.birth_year), (Sex.MALE, 2000, 2005))

    def test_it_reads_a_woman_born_in_the_2000s(self) -> None:
        number = parse_personal_id("096300123456", date_of_birth=date(2000, 12, 31), sex=Sex.FEMALE)
        self.assertEqual(
            (number.province_name, number.sex, number.birth_year), ("Cà Mau", Sex.FEMALE, 2000)
        )

    def test_it_reads_every_sex_and_century_digit(self) -> None:
        expected = {
            "0": (Sex.MALE, 1900),
            "1": (Sex.FEMALE, 1900),
            "2": (Sex.MALE, 2000),
            "3": (Sex.FEMALE, 2000),
            "4": (Sex.MALE, 2100),
            "5": (Sex.FEMALE, 2100),
            "6": (Sex.MALE, 2200),
            "7": (Sex.FEMALE, 2200),
            "8": (Sex.MALE, 2300),
            "9": (Sex.FEMALE, 2300),
        }
        for digit, (sex, century) in expected.items():
            with self.subTest(digit=digit):
                number = parse_personal_id(f"001{digit}00000001")
                self.assertEqual((number.sex, number.century), (sex, century))

    def test_it_knows_the_63_provinces(self) -> None:
        self.assertEqual(len(PROVINCES), 63)
        for code in PROVINCES:
            with self.subTest(code=code):
                self.assertEqual(parse_personal_id(f"{code}090000001").province_code, code)

    def test_it_refuses_eleven_digits(self) -> None:
        self.assertRefused("00109000001", "personal_id_format", "đúng 12 chữ số")

    def test_it_refuses_thirteen_digits(self) -> None:
        self.assertRefused("0010900000190", "personal_id_format", "đúng 12 chữ số")

    def test_it_refuses_letters(self) -> None:
        self.assertRefused("00109000001A", "personal_id_format", "đúng 12 chữ số")

    def test_it_refuses_non_ascii_digits(self) -> None:
        self.assertRefused("００１０９００００００１９", "personal_id_format", "đúng 12 chữ số")

    def test_it_refuses_a_trailing_newline(self) -> None:
        self.assertRefused("001090000019\n", "personal_id_format", "đúng 12 chữ số")

    def test_it_refuses_an_unassigned_province_code(self) -> None:
        self.assertRefused("003090000019", "personal_id_province", "Mã tỉnh “003”")

    def test_it_refuses_a_province_code_above_the_range(self) -> None:
        self.assertRefused("097090000019", "personal_id_province", "Mã tỉnh “097”")

    def test_it_refuses_province_code_000(self) -> None:
        self.assertRefused("000090000019", "personal_id_province", "Mã tỉnh “000”")

    def test_it_refuses_a_1900s_digit_for_someone_born_in_2003(self) -> None:
        self.assertRefused(
            "001003000019",
            "personal_id_century",
            "Chữ số thứ 4 của số định danh cá nhân là 0 (sinh trong các năm 1900–1999) "
            "nhưng năm sinh là 2003.",
            date_of_birth=date(2003, 1, 1),
        )

    def test_it_refuses_a_2000s_digit_for_someone_born_in_1990(self) -> None:
        self.assertRefused(
            "001390000019",
            "personal_id_century",
            "nhưng năm sinh là 1990",
            date_of_birth=date(1990, 1, 1),
        )

    def test_it_refuses_a_birth_year_before_1900(self) -> None:
        self.assertRefused(
            "001099000019",
            "personal_id_century",
            "nhưng năm sinh là 1899",
            date_of_birth=date(1899, 1, 1),
        )

    def test_it_refuses_year_digits_that_disagree_with_the_date_of_birth(self) -> None:
        self.assertRefused(
            "001090000019",
            "personal_id_year",
            "Chữ số thứ 5–6 của số định danh cá nhân là 90, không khớp với năm sinh 1991.",
            date_of_birth=date(1991, 1, 1),
        )

    def test_it_refuses_a_male_digit_for_a_woman(self) -> None:
        self.assertRefused(
            "001090000019",
            "personal_id_sex",
            "Chữ số thứ 4 của số định danh cá nhân là 0 (giới tính Nam) "
            "nhưng giới tính khai là Nữ.",
            sex=Sex.FEMALE,
        )

    def test_it_refuses_a_female_digit_for_a_man(self) -> None:
        self.assertRefused("001303000019", "personal_id_sex", "(giới tính Nữ)", sex=Sex.MALE)


class OldIdNumberTestCase(SimpleTestCase):
    def test_it_accepts_nine_digits(self) -> None:
        self.assertEqual(validate_old_id_number("012345678"), "012345678")

    def test_it_refuses_other_lengths(self) -> None:
        for value in ["", "12345678", "1234567890", "001090000019"]:
            with (
                self.subTest(value=value),
                self.assertRaisesMessage(IdNumberError, "đúng 9 chữ số"),
            ):
                validate_old_id_number(value)

    def test_it_refuses_letters(self) -> None:
        with self.assertRaises(IdNumberError) as caught:
            validate_old_id_number("01234567X")
        self.assertEqual(caught.exception.code, "old_id_format")
