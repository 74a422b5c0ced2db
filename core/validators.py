from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PERSONAL_ID_RE = re.compile(r"^\d{12}$")
_TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


def validate_personal_id_number(value: str) -> None:
    """The 12-digit personal identification number (số định danh cá nhân) — its shape only.

    The full check (province of birth registration, sex and century digit) belongs to the
    population-data issue and extends this function.
    """
    if not _PERSONAL_ID_RE.match(value):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="personal_id_format"
        )


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE_RE.match(value):
        raise ValidationError(
            _(
                "Mã số thuế / mã số doanh nghiệp gồm 10 chữ số, "
                "hoặc 10 chữ số, gạch nối và 3 chữ số."
            ),
            code="tax_code_format",
        )
