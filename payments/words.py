"""An amount of đồng in Vietnamese words, as a receipt prints it next to the figures:
105000 → "Một trăm linh năm nghìn đồng".

The reading is the one accountants write:
- each group of three digits is read "X trăm Y mươi Z"; a group after the first keeps its
  hundreds even when they are nought ("một triệu không trăm linh năm nghìn");
- tens of one read "mười", nought tens before a unit read "linh" ("một trăm linh năm");
- a unit after "mươi" reads "mốt" for 1 and "lăm" for 5; after "mười" 5 reads "lăm";
- a group of three noughts is left out ("một triệu đồng", not "một triệu không nghìn");
- the scales are nghìn, triệu and tỷ, and above a thousand tỷ they repeat ("nghìn tỷ",
  "triệu tỷ").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")


def _group(number: int, *, full: bool) -> list[str]:
    """The words of 0 < number < 1000; ``full`` reads the hundreds even when nought (a group
    after the first)."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _below_a_billion(number: int, *, full: bool) -> list[str]:
    """The words of 0 < number < 10⁹ (groups of nghìn and triệu)."""
    groups: list[int] = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _group(group, full=full or bool(words))
        if SCALES[index]:
            words.append(SCALES[index])
    return words


def _words(number: int, *, full: bool = False) -> list[str]:
    """The words of number > 0: billions (tỷ) read recursively, so 10¹² is "một nghìn tỷ"."""
    billions, rest = divmod(number, 10**9)
    words: list[str] = []
    if billions:
        words += [*_words(billions, full=full), "tỷ"]
    if rest:
        words += _below_a_billion(rest, full=full or bool(words))
    return words


def amount_in_words(amount: int) -> str:
    """``amount`` đồng in words, capitalised: ``amount_in_words(105000)`` is
    "Một trăm linh năm nghìn đồng". Amounts are whole đồng; a negative one is refused."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("an amount is a whole number of đồng")
    if amount < 0:
        raise ValueError("an amount cannot be negative")
    words = _words(amount) if amount else ["không"]
    text = " ".join([*words, "đồng"])
    return text[0].upper() + text[1:]
