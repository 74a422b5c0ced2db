"""Reading and showing calendar dates day first (dd/mm/yyyy), in Vietnamese and in English.

MotCua never reads a date month first: 08/02/2027 is 8 February 2027 whatever the language.
A date that cannot be read one way only (a two-digit year) or that does not exist (31/02/2027)
is refused with a message that says why, and a date that was read is echoed with its weekday.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
]

# The years a date typed into MotCua can be in: a year outside them is a slip of the keyboard
# (08/02/0207), not a date anyone means.
FIRST_YEAR = 1900
LAST_YEAR = 2100

_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$")


def weekday_name(day: date) -> str:
    return str(WEEKDAYS[day.weekday()])


def format_day(day: date) -> str:
    """08/02/2027, always day first."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def describe_day(day: date) -> str:
    """ "Thứ Hai, 08/02/2027" in Vietnamese, "Monday 08/02/2027" in English."""
    return gettext("%(weekday)s, %(date)s") % {
        "weekday": weekday_name(day),
        "date": format_day(day),
    }


def parse_day(text: str) -> date:
    """The date in ``text`` (dd/mm/yyyy or ISO yyyy-mm-dd), or a ValidationError saying why not."""
    value = " ".join(text.split())
    example = {"value": value, "example": "08/02/2027"}
    if _SHORT_YEAR.match(value):
        raise ValidationError(
            _(
                "Không rõ năm của ngày “%(value)s”: viết năm đủ bốn chữ số, "
                "ví dụ %(example)s (ngày/tháng/năm)."
            ),
            code="two_digit_year",
            params=example,
        )
    match = _DAY_FIRST.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    elif (iso := _ISO.match(value)) is not None:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise ValidationError(
            _(
                "Không đọc được ngày “%(value)s”: viết theo dạng ngày/tháng/năm "
                "(dd/mm/yyyy), ví dụ %(example)s."
            ),
            code="unreadable_date",
            params=example,
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _(
                "Năm %(year)s của ngày “%(value)s” nằm ngoài khoảng %(first)s–%(last)s: "
                "kiểm tra lại năm (ngày/tháng/năm)."
            ),
            code="year_out_of_range",
            params={"value": value, "year": year, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Ngày “%(value)s” không có thật: không có tháng %(month)s (ngày/tháng/năm)."),
            code="no_such_month",
            params={"value": value, "month": month},
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _(
                "Ngày “%(value)s” không có thật: tháng %(month)s năm %(year)s không có ngày "
                "%(day)s."
            ),
            code="no_such_day",
            params={"value": value, "day": day, "month": month, "year": year},
        ) from None
