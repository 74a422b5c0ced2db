from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE_RE.match(value):
        raise ValidationError(
            _(
                "Mã số thuế / mã số doanh nghiệp gồm 10 chữ số, "
                "hoặc 10 chữ số, gạch nối và 3 chữ số."
            ),
            code="tax_code_format",
        )
