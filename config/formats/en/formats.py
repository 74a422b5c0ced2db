"""English date formats for MotCua: day first (dd/mm/yyyy) as in Vietnam, never month first.

Django's ``en`` locale reads 08/02/2027 as 8 August; an English-speaking officer in Vietnam
still writes the day first. ISO (2027-02-08) is accepted; a two-digit year is not.
"""

from config.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]


SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
