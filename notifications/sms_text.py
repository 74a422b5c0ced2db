"""The text of an SMS as carriers count it: its encoding, its segments, and its parts.

A message that fits the GSM 03.38 default alphabet travels in 7-bit units (septets): 160 in one
SMS, 153 a segment once it is split (the rest of each is the concatenation header). The
characters of the alphabet's extension table (``€ [ ] { } | \\ ^ ~`` and form feed) take two
septets, an escape and the character, which carriers never split across two segments. Any other
character (most Vietnamese letters with their diacritics: ``ầ``, ``ộ``, ``ư``…) makes the whole
message UCS-2: 70 UTF-16 units in one SMS, 67 a segment, and a character outside the Basic
Multilingual Plane (an emoji) takes two units that stay together.

Vietnamese written without diacritics (``plain_vietnamese``) is GSM-7, so a message costs about
half as many segments; a unit chooses which it sends (notifications' sender settings).
``parts`` cuts a message where the segments end, but at a space when it can, so that a dossier
code or a link never arrives cut in two on a telephone that shows each segment on its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# GSM 03.38: the default alphabet (one septet each; "\x1b" is the escape, not a character) and
# the extension table (two septets each).
_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_EXTENDED = "\f^{}\\[~]|€"
_GSM7_COST = {**dict.fromkeys(_BASIC, 1), **dict.fromkeys(_EXTENDED, 2)}

# Units in a single message, and in each segment of a concatenated one.
SINGLE = {GSM7: 160, UCS2: 70}
SEGMENT = {GSM7: 153, UCS2: 67}


@dataclass(frozen=True)
class Count:
    """How a message travels: its encoding, its length in that encoding's units, and the
    number of segments (SMS) a carrier bills."""

    encoding: str
    units: int
    segments: int


def encoding_of(text: str) -> str:
    """GSM-7 when every character is in the default alphabet or its extension, else UCS-2."""
    return GSM7 if all(ch in _GSM7_COST for ch in text) else UCS2


def _cost(ch: str, encoding: str) -> int:
    if encoding == GSM7:
        return _GSM7_COST[ch]
    return 2 if ord(ch) > 0xFFFF else 1  # UTF-16: a surrogate pair beyond the BMP


def _packed(text: str, encoding: str, limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each segment when the characters are packed as carriers pack them:
    as many as fit, a character's units never split between two segments."""
    start, used = 0, 0
    for index, ch in enumerate(text):
        cost = _cost(ch, encoding)
        if used + cost > limit:
            yield start, index
            start, used = index, 0
        used += cost
    yield start, len(text)


def count(text: str) -> Count:
    """The encoding, units and segments of ``text`` (an empty message is one SMS)."""
    encoding = encoding_of(text)
    units = sum(_cost(ch, encoding) for ch in text)
    if units <= SINGLE[encoding]:
        return Count(encoding, units, 1)
    return Count(encoding, units, sum(1 for _ in _packed(text, encoding, SEGMENT[encoding])))


def parts(text: str) -> list[str]:
    """``text`` cut into segments (``"".join(parts(text)) == text``), each within its limit,
    each ending at a space where one falls in its second half: a code or a link is never cut
    unless it is longer than half a segment by itself. One part when it fits one SMS."""
    encoding = encoding_of(text)
    if sum(_cost(ch, encoding) for ch in text) <= SINGLE[encoding]:
        return [text]
    limit = SEGMENT[encoding]
    cut: list[str] = []
    rest = text
    while rest:
        start, end = next(_packed(rest, encoding, limit))
        if end < len(rest):
            space = rest.rfind(" ", start, end)
            if space >= end // 2:
                end = space + 1  # the space ends this part; the word starts the next
        cut.append(rest[:end])
        rest = rest[end:]
    return cut


def plain_vietnamese(text: str) -> str:
    """``text`` without its diacritics, as Vietnamese is commonly texted: "Hồ sơ đã được tiếp
    nhận" becomes "Ho so da duoc tiep nhan". Other characters are kept (they may still make
    the message UCS-2)."""
    stripped = "".join(
        ch
        for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(ch)
    )
    return unicodedata.normalize("NFC", stripped)
