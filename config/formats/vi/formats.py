"""Vietnamese date formats: day first (dd/mm/yyyy), ISO accepted, nothing month-first.

Django's own ``vi`` locale defines no input formats and falls back to the global list, which
reads 08/02/2027 as 2 August. A two-digit year is not accepted (is 27 1927 or 2027?).
"""

from config.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]


SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday
