from __future__ import annotations

import unicodedata
from datetime import date

from django.test import SimpleTestCase

from identity.cccd import CccdError, CccdRecord, parse_cccd_qr
from identity.idnumber import Sex

TODAY = date(2026, 6, 1)
ADDRESS = "Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội"
SEVEN = f"001090000019|012345678|Nguyễn Văn An|01011990|Nam|{ADDRESS}|15082021"
EXPECTED = CccdRecord(
    id_number="001090000019",
    old_id_number="012345678",
    full_name="Nguyễn Văn An",
    date_of_birth=date(1990, 1, 1),
    sex=Sex.MALE,
    address=ADDRESS,
    issue_date=date(2021, 8, 15),
)


def parse(text: str) -> CccdRecord:
    return parse_cccd_qr(text, today=TODAY)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class CccdParserTestCase(SimpleTestCase):
    def test_it_reads_seven_fields(self) -> None:
        self.assertEqual(parse(SEVEN), EXPECTED)

    def test_it_reads_six_fields_without_the_old_id(self) -> None:
        record = parse(f"001090000019|Nguyễn Văn An|01011990|Nam|{ADDRESS}|15082021")
        self.assertEqual(record.old_id_number, None)
        self.assertEqual(record.full_name, "Nguyễn Văn An")

    def test_it_reads_an_empty_old_id_as_none(self) -> None:
        record = parse(f"001090000019||Nguyễn Văn An|01011990|Nam|{ADDRESS}|15082021")
        self.assertEqual(record.old_id_number, None)
        self.assertEqual(record.issue_date, date(2021, 8, 15))

    def test_it_reads_a_woman_born_in_the_2000s(self) -> None:
        record = parse("079304001234||Trần Thị Bình|29022004|Nữ|Quận 1, TP Hồ Chí Minh|01032022")
        self.assertEqual((record.sex, record.date_of_birth), (Sex.FEMALE, date(2004, 2, 29)))

    def test_it_trims_fields_and_the_whole_text(self) -> None:
        text = (
            f"\n  001090000019 | 012345678 |  Nguyễn  Văn An \t| 01011990 | Nam |"
            f" {ADDRESS} | 15082021 \r\n"
        )
        self.assertEqual(parse(text), EXPECTED)

    def test_it_drops_a_byte_order_mark(self) -> None:
        self.assertEqual(parse("\ufeff" + SEVEN), EXPECTED)

    def test_it_normalises_nfd_input_to_nfc(self) -> None:
        record = parse(nfd(SEVEN))
        self.assertEqual(record, EXPECTED)
        self.assertTrue(unicodedata.is_normalized("NFC", record.full_name))
        self.assertTrue(unicodedata.is_normalized("NFC", record.address))

    def test_it_ignores_extra_trailing_fields(self) -> None:
        self.assertEqual(parse(SEVEN + "|extra|||more"), EXPECTED)

    def test_it_ignores_a_trailing_field_after_six_fields(self) -> None:
        record = parse(f"001090000019|Nguyễn Văn An|01011990|Nam|{ADDRESS}|15082021|")
        self.assertEqual((record.old_id_number, record.issue_date), (None, date(2021, 8, 15)))

    def test_sex_ignores_case_and_composition(self) -> None:
        for spelling, sex in [("NAM", Sex.MALE), ("nam", Sex.MALE), ("NỮ", Sex.FEMALE)]:
            with self.subTest(spelling=spelling):
                digit = 1 if sex is Sex.FEMALE else 0
                text = f"001{digit}90000019||Lê Hà|01011990|{spelling}|Huế|01012020"
                self.assertEqual(parse(text).sex, sex)
        decomposed = nfd("Nữ")
        self.assertNotEqual(decomposed, "Nữ")
        self.assertEqual(
            parse(f"001190000019||Lê Hà|01011990|{decomposed}|Huế|01012020").sex, Sex.FEMALE
        )

    def test_it_accepts_an_ethnic_minority_name_with_an_apostrophe(self) -> None:
        record = parse("066190000019||H'Hen Niê|01011990|Nữ|Buôn Ma Thuột, Đắk Lắk|01012020")
        self.assertEqual(record.full_name, "H'Hen Niê")

    def test_it_accepts_an_issue_date_on_the_date_of_birth(self) -> None:
        self.assertEqual(
            parse("001324000019||Bé Na|01012024|Nữ|Hà Nội|01012024").issue_date, date(2024, 1, 1)
        )

    def test_as_json_uses_iso_dates_and_plain_sex(self) -> None:
        self.assertEqual(
            EXPECTED.as_json(),
            {
                "id_number": "001090000019",
                "old_id_number": "012345678",
                "full_name": "Nguyễn Văn An",
                "date_of_birth": "1990-01-01",
                "sex": "male",
                "address": ADDRESS,
                "issue_date": "2021-08-15",
            },
        )


class CccdParserErrorTestCase(SimpleTestCase):
    def assertRefused(self, text: str, field: str | None, message: str) -> None:
        with self.assertRaises(CccdError) as caught:
            parse(text)
        self.assertEqual(caught.exception.field, field)
        self.assertIn(message, str(caught.exception))

    def test_it_refuses_empty_text(self) -> None:
        self.assertRefused(" \n ", None, "Nội dung mã QR trống.")

    def test_it_refuses_too_few_fields(self) -> None:
        self.assertRefused("001090000019|Nguyễn Văn An|01011990|Nam|Hà Nội", None, "có 5 trường")

    def test_it_refuses_a_short_id_number(self) -> None:
        self.assertRefused(
            SEVEN.replace("001090000019", "00109000001"), "id_number", "đúng 12 chữ số"
        )

    def test_it_refuses_an_unknown_province(self) -> None:
        self.assertRefused(
            SEVEN.replace("001090000019", "050090000019"), "id_number", "Mã tỉnh “050”"
        )

    def test_it_refuses_a_century_digit_that_disagrees_with_the_date_of_birth(self) -> None:
        self.assertRefused(
            SEVEN.replace("01011990", "01012003"), "id_number", "nhưng năm sinh là 2003"
        )

    def test_it_refuses_year_digits_that_disagree_with_the_date_of_birth(self) -> None:
        self.assertRefused(
            SEVEN.replace("01011990", "01011991"),
            "id_number",
            "là 90, không khớp với năm sinh 1991",
        )

    def test_it_refuses_a_sex_that_disagrees_with_the_id_number(self) -> None:
        self.assertRefused(SEVEN.replace("|Nam|", "|Nữ|"), "id_number", "giới tính khai là Nữ")

    def test_it_refuses_an_old_id_of_the_wrong_length(self) -> None:
        self.assertRefused(
            SEVEN.replace("012345678", "01234567"),
            "old_id_number",
            "Số CMND cũ phải gồm đúng 9 chữ số.",
        )

    def test_it_refuses_an_empty_name(self) -> None:
        self.assertRefused(SEVEN.replace("Nguyễn Văn An", "  "), "full_name", "Họ và tên trống.")

    def test_it_refuses_a_name_with_digits(self) -> None:
        self.assertRefused(
            SEVEN.replace("Nguyễn Văn An", "Nguyễn Văn 4n"),
            "full_name",
            "“Nguyễn Văn 4n” chứa ký tự không hợp lệ",
        )

    def test_it_refuses_a_date_of_birth_in_another_format(self) -> None:
        self.assertRefused(
            SEVEN.replace("01011990", "01/01/1990"),
            "date_of_birth",
            "Ngày sinh “01/01/1990” phải viết theo dạng ddMMyyyy",
        )

    def test_it_refuses_a_date_of_birth_that_does_not_exist(self) -> None:
        self.assertRefused(
            SEVEN.replace("01011990", "29021990"),
            "date_of_birth",
            "Ngày sinh “29021990” không phải là một ngày có thật.",
        )

    def test_it_refuses_a_date_of_birth_in_the_future(self) -> None:
        self.assertRefused(
            SEVEN.replace("01011990", "02062026"),
            "date_of_birth",
            "Ngày sinh “02062026” là một ngày trong tương lai.",
        )

    def test_it_refuses_an_unknown_sex(self) -> None:
        self.assertRefused(SEVEN.replace("|Nam|", "|M|"), "sex", "Giới tính “M” không hợp lệ")

    def test_it_refuses_an_empty_address(self) -> None:
        self.assertRefused(SEVEN.replace(ADDRESS, ""), "address", "Địa chỉ thường trú trống.")

    def test_it_refuses_control_characters_in_the_address(self) -> None:
        self.assertRefused(SEVEN.replace(ADDRESS, "Hà\x00Nội"), "address", "ký tự điều khiển")

    def test_it_refuses_an_issue_date_that_does_not_exist(self) -> None:
        self.assertRefused(
            SEVEN.replace("15082021", "31042021"),
            "issue_date",
            "Ngày cấp “31042021” không phải là một ngày có thật.",
        )

    def test_it_refuses_an_issue_date_in_the_future(self) -> None:
        self.assertRefused(
            SEVEN.replace("15082021", "15082027"),
            "issue_date",
            "Ngày cấp “15082027” là một ngày trong tương lai.",
        )

    def test_it_refuses_an_issue_date_before_the_date_of_birth(self) -> None:
        self.assertRefused(
            SEVEN.replace("15082021", "31121989"),
            "issue_date",
            "Ngày cấp 31121989 sớm hơn ngày sinh 01011990.",
        )

    def test_it_names_the_first_bad_field(self) -> None:
        self.assertRefused(
            "12|012345678|Nguyễn Văn An|1990|X|Hà Nội|x", "id_number", "đúng 12 chữ số"
        )
