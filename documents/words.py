"""Numbers and dates written in Vietnamese words, as civil status papers print a date of birth
("Ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi sáu")."""

from __future__ import annotations

from datetime import date

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _below_hundred(n: int, *, after_hundreds: bool) -> str:
    tens, unit = divmod(n, 10)
    if tens == 0:
        return ("linh " if after_hundreds else "") + _DIGITS[unit]
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    return f"{head} {_DIGITS[unit]}"


def _below_thousand(n: int, *, full: bool) -> str:
    """``full``: a group after thousands, so its hundreds are said even when zero."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _below_hundred(rest, after_hundreds=False)
    words = f"{_DIGITS[hundreds]} trăm"
    return f"{words} {_below_hundred(rest, after_hundreds=True)}" if rest else words


def number_words(n: int) -> str:
    """0 ≤ n < 1 000 000 in words: 2026 is "hai nghìn không trăm hai mươi sáu"."""
    if not 0 <= n < 1_000_000:
        raise ValueError(n)
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _below_thousand(rest, full=False)
    words = f"{_below_thousand(thousands, full=False)} nghìn"
    return f"{words} {_below_thousand(rest, full=True)}" if rest else words


def date_words(day: date) -> str:
    """The date as a civil status paper writes it in words (days 1 to 10 "mồng", April
    "tháng tư")."""
    number = number_words(day.day)
    if day.day <= 10:
        number = f"mồng {number}"
    month = "tư" if day.month == 4 else number_words(day.month)
    return f"Ngày {number} tháng {month} năm {number_words(day.year)}"
