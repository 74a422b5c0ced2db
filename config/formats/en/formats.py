"""English date formats for MotCua: day first (dd/mm/yyyy) as in Vietnam, never month first.

Django's ``en`` locale reads 08/02/2027 as 8 August; an English-speaking officer in Vietnam
still writes the day first. ISO (2027-02-08) is accepted; a two-digit year is not.
"""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 08/02/2027, 8/2/2027
    "%Y-%m-%d",  # 2027-02-08 (ISO, and what <input type=date> sends)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]
