"""Text normalisation shared by storage and search.

All text is stored in NFC. Search compares *folded* text: lower case, no diacritics, and Đ/đ
turned into d — U+0110/U+0111 have no Unicode decomposition, so stripping combining marks alone
leaves them in place and "dang ky" would never match "Đăng ký".
"""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def clean(value: str) -> str:
    """NFC, trimmed, inner runs of white space folded to one space."""
    return " ".join(nfc(value).split())


def fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def words(value: str) -> list[str]:
    """The folded words of ``value``, in order."""
    return _WORD_RE.findall(fold(value))


def typed_code(value: str) -> str:
    """A code typed by a person (one-time code, authenticator code): full-width digits read as
    ASCII (NFKC), spaces dropped. The result may still hold other characters; check it with
    ``is_ascii_digits``."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def is_ascii_digits(value: str, length: int | None = None) -> bool:
    """0-9 only. ``str.isdigit()`` alone also accepts "²" and "١", which ``int()`` and
    ``hmac.compare_digest`` then refuse with an exception."""
    return value.isascii() and value.isdigit() and (length is None or len(value) == length)


def upper(value: str) -> str:
    """Vietnamese in capitals, as letterheads and signature blocks print names, in NFC.

    ``str.upper`` maps every precomposed Vietnamese letter (ủ → Ủ, đ → Đ) but leaves a
    decomposed one as a capital base letter plus its combining marks; normalising before and
    after gives the precomposed capitals whatever form the text came in."""
    return nfc(nfc(value).upper())
