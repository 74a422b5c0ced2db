"""The 12-digit personal ID number (số định danh cá nhân) and the 9-digit old ID (CMND).

Circular 07/2016/TT-BCA, later 59/2021/TT-BCA (DOMAIN.md §6.3):

- digits 1–3: province code of the birth-registration place, from the 63 pre-2025 codes
  (numbers already issued keep them after the 2025 provincial mergers);
- digit 4: sex and century — even = male, odd = female; 0/1 = 1900s, 2/3 = 2000s, 4/5 = 2100s,
  6/7 = 2200s, 8/9 = 2300s;
- digits 5–6: last two digits of the birth year;
- digits 7–12: random. There is no published check digit.

So the number pins down the whole birth year (century + two digits) and the sex; given a date
of birth or a sex, both must agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from django.utils.translation import gettext as _

PERSONAL_ID_LENGTH = 12
OLD_ID_LENGTH = 9

# The 63 provinces before the 2025 mergers; the gaps (003, 005, …) were never assigned.
PROVINCES: Mapping[str, str] = MappingProxyType(
    {
        "001": "Hà Nội",
        "002": "Hà Giang",
        "004": "Cao Bằng",
        "006": "Bắc Kạn",
        "008": "Tuyên Quang",
        "010": "Lào Cai",
        "011": "Điện Biên",
        "012": "Lai Châu",
        "014": "Sơn La",
        "015": "Yên Bái",
        "017": "Hòa Bình",
        "019": "Thái Nguyên",
        "020": "Lạng Sơn",
        "022": "Quảng Ninh",
        "024": "Bắc Giang",
        "025": "Phú Thọ",
        "026": "Vĩnh Phúc",
        "027": "Bắc Ninh",
        "030": "Hải Dương",
        "031": "Hải Phòng",
        "033": "Hưng Yên",
        "034": "Thái Bình",
        "035": "Hà Nam",
        "036": "Nam Định",
        "037": "Ninh Bình",
        "038": "Thanh Hóa",
        "040": "Nghệ An",
        "042": "Hà Tĩnh",
        "044": "Quảng Bình",
        "045": "Quảng Trị",
        "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng",
        "049": "Quảng Nam",
        "051": "Quảng Ngãi",
        "052": "Bình Định",
        "054": "Phú Yên",
        "056": "Khánh Hòa",
        "058": "Ninh Thuận",
        "060": "Bình Thuận",
        "062": "Kon Tum",
        "064": "Gia Lai",
        "066": "Đắk Lắk",
        "067": "Đắk Nông",
        "068": "Lâm Đồng",
        "070": "Bình Phước",
        "072": "Tây Ninh",
        "074": "Bình Dương",
        "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu",
        "079": "TP Hồ Chí Minh",
        "080": "Long An",
        "082": "Tiền Giang",
        "083": "Bến Tre",
        "084": "Trà Vinh",
        "086": "Vĩnh Long",
        "087": "Đồng Tháp",
        "089": "An Giang",
        "091": "Kiên Giang",
        "092": "Cần Thơ",
        "093": "Hậu Giang",
        "094": "Sóc Trăng",
        "095": "Bạc Liêu",
        "096": "Cà Mau",
    }
)

FIRST_CENTURY = 1900  # digit 4 = 0 or 1
LAST_CENTURY = 2300  # digit 4 = 8 or 9


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return _("Nam") if self is Sex.MALE else _("Nữ")


class IdNumberError(ValueError):
    """A personal or old ID number that cannot be right; ``code`` says which check failed."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class PersonalIdNumber:
    number: str
    province_code: str
    province_name: str
    sex: Sex
    century: int  # first year of the century of birth: 1900, 2000, …, 2300
    year_digits: str  # digits 5–6, e.g. "90"

    @property
    def birth_year(self) -> int:
        return self.century + int(self.year_digits)


def _is_ascii_digits(value: str, length: int) -> bool:
    # str.isdigit() alone also accepts "١٢٣" and "１２３"; the number is plain ASCII.
    return len(value) == length and value.isascii() and value.isdigit()


def _sex_and_century(digit: int) -> tuple[Sex, int]:
    return (Sex.FEMALE if digit % 2 else Sex.MALE), FIRST_CENTURY + 100 * (digit // 2)


def parse_personal_id(
    value: str, *, date_of_birth: date | None = None, sex: Sex | None = None
) -> PersonalIdNumber:
    """Read a 12-digit personal ID number, checking it against a date of birth and sex if given.

    Raises IdNumberError with a Vietnamese message naming the first check that failed.
    """
    if not _is_ascii_digits(value, PERSONAL_ID_LENGTH):
        raise IdNumberError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="personal_id_format"
        )
    province_code = value[:3]
    if province_code not in PROVINCES:
        raise IdNumberError(
            _(
                "Mã tỉnh “%(code)s” (3 chữ số đầu của số định danh cá nhân) không thuộc "
                "danh sách 63 mã tỉnh, thành phố nơi đăng ký khai sinh."
            )
            % {"code": province_code},
            code="personal_id_province",
        )
    digit = int(value[3])
    id_sex, century = _sex_and_century(digit)
    number = PersonalIdNumber(
        number=value,
        province_code=province_code,
        province_name=PROVINCES[province_code],
        sex=id_sex,
        century=century,
        year_digits=value[4:6],
    )
    if date_of_birth is not None:
        _check_birth_year(number, digit, date_of_birth.year)
    if sex is not None and sex is not id_sex:
        raise IdNumberError(
            _(
                "Chữ số thứ 4 của số định danh cá nhân là %(digit)s (giới tính %(id_sex)s) "
                "nhưng giới tính khai là %(sex)s."
            )
            % {"digit": digit, "id_sex": id_sex.label, "sex": sex.label},
            code="personal_id_sex",
        )
    return number


def _check_birth_year(number: PersonalIdNumber, digit: int, year: int) -> None:
    if year - year % 100 != number.century:
        raise IdNumberError(
            _(
                "Chữ số thứ 4 của số định danh cá nhân là %(digit)s (sinh trong các năm "
                "%(first)s–%(last)s) nhưng năm sinh là %(year)s."
            )
            % {
                "digit": digit,
                "first": number.century,
                "last": number.century + 99,
                "year": year,
            },
            code="personal_id_century",
        )
    if year != number.birth_year:
        raise IdNumberError(
            _(
                "Chữ số thứ 5–6 của số định danh cá nhân là %(digits)s, không khớp với năm "
                "sinh %(year)s."
            )
            % {"digits": number.year_digits, "year": year},
            code="personal_id_year",
        )


def validate_old_id_number(value: str) -> str:
    """The 9-digit number of the old ID card (chứng minh nhân dân), as some QR codes carry it."""
    if not _is_ascii_digits(value, OLD_ID_LENGTH):
        raise IdNumberError(_("Số CMND cũ phải gồm đúng 9 chữ số."), code="old_id_format")
    return value
