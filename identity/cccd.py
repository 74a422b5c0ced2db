"""The text in the QR code on the chip CCCD card (DOMAIN.md §6.2).

De facto format, no official spec:
``ID(12)|old CMND(9, may be empty)|full name|ddMMyyyy|Nam/Nữ|permanent address|ddMMyyyy``.
Some scanners drop the old-ID field (six fields). We trim, normalise to NFC, allow an empty
old ID and ignore extra trailing fields. The QR is never proof by itself: the chip and the
population database are authoritative, so the record only pre-fills and cross-checks.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from core import clock
from core.text import clean
from identity.idnumber import (
    IdNumberError,
    Sex,
    parse_personal_id,
    validate_old_id_number,
)

SEPARATOR = "|"
_DATE_LENGTH = 8  # ddMMyyyy
_NAME_PUNCTUATION = frozenset(" '’-.")  # "H'Hen Niê", "Nguyễn Thị Thu-Hà"
_SEXES = {"nam": Sex.MALE, "nữ": Sex.FEMALE}


class CccdError(ValueError):
    """QR text that is not a readable CCCD record; ``field`` names the culprit when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class CccdRecord:
    id_number: str
    old_id_number: str | None
    full_name: str
    date_of_birth: date
    sex: Sex
    address: str
    issue_date: date

    def as_json(self) -> dict[str, str | None]:
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "sex": self.sex.value,
            "address": self.address,
            "issue_date": self.issue_date.isoformat(),
        }


def parse_cccd_qr(text: str, *, today: date | None = None) -> CccdRecord:
    """Parse the QR text of a CCCD card, or raise CccdError with a Vietnamese message."""
    today = today or clock.today()
    fields = _split(text)
    if len(fields) >= 7 and _is_old_id_slot(fields[1]):
        id_number, old_id, name, born, sex, address, issued = fields[:7]
    else:
        id_number, name, born, sex, address, issued = fields[:6]
        old_id = ""
    # Field by field in QR order, so the message names the first bad field; the cross-checks
    # (issue date after birth, ID digits against birth year and sex) come last.
    _id_number(id_number)
    record = CccdRecord(
        id_number=id_number,
        old_id_number=_old_id(old_id),
        full_name=_name(name),
        date_of_birth=_date(born, _("Ngày sinh"), "date_of_birth", today),
        sex=_sex(sex),
        address=_address(address),
        issue_date=_date(issued, _("Ngày cấp"), "issue_date", today),
    )
    if record.issue_date < record.date_of_birth:
        raise CccdError(
            _("Ngày cấp %(issued)s sớm hơn ngày sinh %(born)s.") % {"issued": issued, "born": born},
            field="issue_date",
        )
    _id_number(id_number, date_of_birth=record.date_of_birth, sex=record.sex)
    return record


def _id_number(value: str, *, date_of_birth: date | None = None, sex: Sex | None = None) -> None:
    try:
        parse_personal_id(value, date_of_birth=date_of_birth, sex=sex)
    except IdNumberError as exc:
        raise CccdError(exc.message, field="id_number") from None


def _split(text: str) -> list[str]:
    # A byte-order mark is not white space to str.strip(), but some scanners prepend one.
    text = text.replace("\ufeff", "").strip()
    if not text:
        raise CccdError(_("Nội dung mã QR trống."))
    fields = [clean(field) for field in text.split(SEPARATOR)]
    if len(fields) < 6:
        raise CccdError(
            _(
                "Nội dung mã QR có %(count)s trường; mã QR trên thẻ CCCD có 6 hoặc 7 trường "
                "ngăn cách bởi dấu “|”."
            )
            % {"count": len(fields)}
        )
    return fields


def _is_old_id_slot(field: str) -> bool:
    """In seven fields the second is the old ID: empty or digits. A name is never either, so
    six fields followed by an extra trailing field are not mistaken for the seven-field form."""
    return field == "" or (field.isascii() and field.isdigit())


def _old_id(value: str) -> str | None:
    if not value:
        return None
    try:
        return validate_old_id_number(value)
    except IdNumberError as exc:
        raise CccdError(exc.message, field="old_id_number") from None


def _date(value: str, label: str, field: str, today: date) -> date:
    if not (len(value) == _DATE_LENGTH and value.isascii() and value.isdigit()):
        raise CccdError(
            _("%(label)s “%(value)s” phải viết theo dạng ddMMyyyy (8 chữ số).")
            % {"label": label, "value": value},
            field=field,
        )
    try:
        day = date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        raise CccdError(
            _("%(label)s “%(value)s” không phải là một ngày có thật.")
            % {"label": label, "value": value},
            field=field,
        ) from None
    if day > today:
        raise CccdError(
            _("%(label)s “%(value)s” là một ngày trong tương lai.")
            % {"label": label, "value": value},
            field=field,
        )
    return day


def _sex(value: str) -> Sex:
    # NFC first (done by clean), then case: "NỮ", "nữ" and a decomposed "Nữ" all read as "nữ".
    sex = _SEXES.get(value.casefold())
    if sex is None:
        raise CccdError(
            _("Giới tính “%(value)s” không hợp lệ; phải là “Nam” hoặc “Nữ”.") % {"value": value},
            field="sex",
        )
    return sex


def _has_control_characters(value: str) -> bool:
    # Categories C*: control, format (zero-width joiners…), surrogates, private use, unassigned.
    return any(unicodedata.category(ch).startswith("C") for ch in value)


def _name(value: str) -> str:
    if not value:
        raise CccdError(_("Họ và tên trống."), field="full_name")
    if not all(
        unicodedata.category(ch)[0] in "LM" or ch in _NAME_PUNCTUATION for ch in value
    ) or not any(ch.isalpha() for ch in value):
        raise CccdError(
            _("Họ và tên “%(value)s” chứa ký tự không hợp lệ.") % {"value": value},
            field="full_name",
        )
    return value


def _address(value: str) -> str:
    if not value:
        raise CccdError(_("Địa chỉ thường trú trống."), field="address")
    if _has_control_characters(value):
        raise CccdError(
            _("Địa chỉ thường trú chứa ký tự điều khiển không hợp lệ."), field="address"
        )
    return value
