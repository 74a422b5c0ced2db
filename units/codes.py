"""Identifier codes of government units (mã định danh điện tử, QCVN 102:2016/BTTTT).

Four dotted levels read right to left: level 1 is the province (``H26`` is Hà Nội), then two
two-character levels and a three-character level 4, e.g. ``000.00.00.H26`` for the city itself.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UNIT_CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")


def validate_unit_code(value: str) -> None:
    if not UNIT_CODE_RE.match(value):
        raise ValidationError(
            _(
                "Mã định danh %(code)s không đúng QCVN 102: cần dạng XXX.XX.XX.HNN, "
                "ví dụ 000.00.00.H26."
            ),
            code="unit_code",
            params={"code": value},
        )


def province_part(code: str) -> str:
    """Level 1 of a unit code: ``H26`` for ``000.00.70.H26``."""
    return code.rsplit(".", 1)[-1]
