"""What a person types to sign in, reduced to the one form the rest of the sign-in uses.

Rate limiting, the lockout, authentication and the login log must all see the same string:
when the lock was keyed on the name as typed while authentication normalised it, every
spelling of an ID number (full-width ``００１…``, one full-width digit, mathematical ``𝟎``)
was a fresh lock count for the same account. So every login path calls ``normalise_login``
once, first, and passes its result on; ``User.normalize_username`` and the manager's
``get_by_natural_key`` use it too, so the stored user name and the typed one agree.
"""

from __future__ import annotations

import unicodedata


def _ascii_digits(text: str) -> str | None:
    """``text`` as plain 0-9 if it is an ID number in any script's digits, else None.

    Spaces between groups ("001 090 012 345") and invisible format characters (zero-width
    space, soft hyphen, BOM) are dropped: a user name can contain neither, so dropping them
    cannot make a digit string reach a different account.
    """
    digits: list[str] = []
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        # unicodedata.decimal, not str.isdigit()/int(): isdigit() also answers True for "²"
        # and "①", and neither tells us which ASCII digit to write.
        value = unicodedata.decimal(char, None)
        if value is None:
            return None
        digits.append("0123456789"[value])
    return "".join(digits) or None


def normalise_login(raw: str) -> str:
    """The identifier every sign-in step uses for ``raw``, what was typed in the name field.

    - NFKC (as Django's own ``UsernameField`` does): full-width and mathematical letters and
      digits become their plain forms, so ``００１０９００１２３４５`` is ``001090012345``.
    - Surrounding whitespace goes.
    - Something made only of digits is an ID number and becomes strict ASCII digits. NFKC
      leaves the decimal digits of other scripts (Arabic-Indic ``٠١٢``, Devanagari ``०१२``, …)
      alone; they are **mapped** to 0-9 rather than refused, so that whichever keyboard typed
      them, one person's number counts against one account and one lock.
    - A user name otherwise keeps its letters and case (Django's user names are
      case-sensitive); the result of NFKC is already NFC, which is how text is stored.

    Idempotent: ``normalise_login(normalise_login(x)) == normalise_login(x)``.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    return _ascii_digits(text) or text
