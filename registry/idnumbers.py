"""Making new personal ID numbers (the rules are read in ``identity.idnumber``): the one
generator, used by the demo's synthetic residents (a seeded generator), by the embedded
registry for a birth (the system's random source) and by the local test gateway.

Digits 1–3: the province of the birth registration (one of the 63 codes); digit 4: sex and
century (even male, odd female; 0/1 for the 1900s, 2/3 for the 2000s, …); digits 5–6: the
birth year's last two; digits 7–12: random, drawn again until the number is free.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from identity.idnumber import FIRST_CENTURY, LAST_CENTURY, PROVINCES

DEFAULT_PROVINCE = "001"  # Hà Nội, when the place of registration says nothing usable
FEMALE = "female"


def province_digits(code: int | None) -> str | None:
    """The three digits of a province's statistics code, when it is one of the 63 codes that
    ID numbers use (the 34 provinces of 2025 each kept one of them); else None."""
    if code is None:
        return None
    digits = f"{code:03d}"
    return digits if digits in PROVINCES else None


def sex_century_digit(born: date, sex: str) -> int:
    century = born.year - born.year % 100
    if not FIRST_CENTURY <= century <= LAST_CENTURY:
        raise ValueError(f"No ID number digit for a birth in {born.year}.")
    return (century - FIRST_CENTURY) // 100 * 2 + (1 if sex == FEMALE else 0)


def new_id_number(
    born: date, sex: str, province: str, *, rng: random.Random, taken: Callable[[str], bool]
) -> str:
    """A valid 12-digit number for a person born on ``born`` of ``sex`` (``male``/``female``),
    registered in ``province`` (three digits), that ``taken`` says is free."""
    if province not in PROVINCES:
        raise ValueError(f"{province!r} is not a province code of ID numbers.")
    prefix = f"{province}{sex_century_digit(born, sex)}{born.year % 100:02d}"
    while True:
        number = f"{prefix}{rng.randrange(10**6):06d}"
        if not taken(number):
            return number
