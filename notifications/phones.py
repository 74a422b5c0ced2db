"""Vietnamese mobile numbers as providers take them: ``84`` and nine digits."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s.\-()]")
# The national 0 is sometimes kept after the country code (+84 0912…).
_MOBILE = re.compile(r"(?:\+84|0084|84)?0?([35789][0-9]{8})")


def vietnamese_mobile(address: str) -> str | None:
    """ "0912 345 678", "+84 912-345-678", "(091) 234.5678", "0084…", "84…" and full-width
    digits all give "84912345678"; None for a landline, a foreign or a short number."""
    number = _SEPARATORS.sub("", unicodedata.normalize("NFKC", address))
    if not number.isascii():
        return None
    match = _MOBILE.fullmatch(number)
    return "84" + match.group(1) if match else None
