"""Whatever a scanner hands us, the parser returns a record or a CccdError with a message."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from identity.cccd import CccdError, CccdRecord, parse_cccd_qr
from identity.idnumber import PROVINCES, Sex

TODAY = date(2026, 6, 1)
FIELDS = {
    None,
    "id_number",
    "old_id_number",
    "full_name",
    "date_of_birth",
    "sex",
    "address",
    "issue_date",
}

digits = st.text(alphabet="0123456789", max_size=14)
ddmmyyyy = st.dates(min_value=date(1, 1, 1)).map(lambda d: d.strftime("%d%m") + f"{d.year:04d}")
junk_field = st.one_of(
    st.text(max_size=30),
    digits,
    ddmmyyyy,
    st.sampled_from(["", " ", "Nam", "Nữ", "NỮ", "nu", "Nguyễn Văn An", "Hà Nội", "|", "\x00"]),
    st.sampled_from(sorted(PROVINCES)).map(lambda code: code + "090000019"),
)
structured_junk = st.lists(junk_field, max_size=10).map("|".join)

names = st.lists(
    st.sampled_from(["Nguyễn", "Trần", "Lê", "Thị", "Văn", "Ánh", "Đức", "Hoà", "Quỳnh", "H'Hen"]),
    min_size=1,
    max_size=4,
).map(" ".join)
addresses = st.sampled_from(
    ["Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "Thôn 3, xã Ea Kao, Đắk Lắk", "12/3 Lê Lợi, Quận 1"]
)
whitespace = st.sampled_from(["", " ", "  ", "\t"])


def assert_clear_error(test: SimpleTestCase, error: CccdError) -> None:
    test.assertIn(error.field, FIELDS)
    test.assertTrue(error.message)
    test.assertEqual(str(error), error.message)
    test.assertTrue(error.message.endswith("."), error.message)


def parse_or_error(text: str) -> CccdRecord | CccdError:
    try:
        return parse_cccd_qr(text, today=TODAY)
    except CccdError as exc:
        return exc


class CccdParserPropertiesTestCase(SimpleTestCase):
    @settings(max_examples=500, deadline=None)
    @given(text=st.text())
    def test_arbitrary_text_gives_a_record_or_a_clear_error(self, text: str) -> None:
        result = parse_or_error(text)
        if isinstance(result, CccdError):
            assert_clear_error(self, result)

    @settings(max_examples=1000, deadline=None)
    @given(text=structured_junk)
    def test_structured_junk_gives_a_record_or_a_clear_error(self, text: str) -> None:
        result = parse_or_error(text)
        if isinstance(result, CccdError):
            assert_clear_error(self, result)
        else:
            self.assertTrue(unicodedata.is_normalized("NFC", result.full_name))

    @settings(max_examples=300, deadline=None)
    @given(
        province=st.sampled_from(sorted(PROVINCES)),
        sex=st.sampled_from(Sex),
        born=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
        days_later=st.integers(min_value=0, max_value=40_000),
        serial=st.integers(min_value=0, max_value=999_999),
        old_id=st.one_of(st.none(), st.text(alphabet="0123456789", min_size=9, max_size=9)),
        seven=st.booleans(),
        name=names,
        address=addresses,
        pad=whitespace,
        decompose=st.booleans(),
        trailing=st.lists(st.text(max_size=5), max_size=2),
    )
    def test_a_well_formed_card_reads_back(
        self,
        province: str,
        sex: Sex,
        born: date,
        days_later: int,
        serial: int,
        old_id: str | None,
        seven: bool,
        name: str,
        address: str,
        pad: str,
        decompose: bool,
        trailing: list[str],
    ) -> None:
        issued = date.fromordinal(min(born.toordinal() + days_later, TODAY.toordinal()))
        digit = 2 * ((born.year - 1900) // 100) + (sex is Sex.FEMALE)
        id_number = f"{province}{digit}{born.year % 100:02d}{serial:06d}"
        fields = [
            id_number,
            name,
            born.strftime("%d%m%Y"),
            "Nam" if sex is Sex.MALE else "Nữ",
            address,
            issued.strftime("%d%m%Y"),
        ]
        if seven or old_id is not None:
            fields.insert(1, old_id or "")
        text = "|".join(pad + field + pad for field in fields + trailing)
        if decompose:
            text = unicodedata.normalize("NFD", text)

        record = parse_cccd_qr(text, today=TODAY)

        self.assertEqual(
            record,
            CccdRecord(
                id_number=id_number,
                old_id_number=old_id,
                full_name=unicodedata.normalize("NFC", name),
                date_of_birth=born,
                sex=sex,
                address=unicodedata.normalize("NFC", address),
                issue_date=issued,
            ),
        )
