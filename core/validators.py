from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from identity.idnumber import IdNumberError, parse_personal_id

_TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


def validate_personal_id_number(value: str) -> None:
    """The 12-digit personal identification number (số định danh cá nhân).

    Length, province of birth registration and the sex/century digit; see identity.idnumber.
    """
    try:
        parse_personal_id(value)
    except IdNumberError as exc:
        raise ValidationError(exc.message, code=exc.code) from None


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE_RE.match(value):
        raise ValidationError(
            _(
                "Mã số thuế / mã số doanh nghiệp gồm 10 chữ số, "
                "hoặc 10 chữ số, gạch nối và 3 chữ số."
            ),
            code="tax_code_format",
        )
