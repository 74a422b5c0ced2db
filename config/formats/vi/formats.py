"""Vietnamese date formats: day first (dd/mm/yyyy), ISO accepted, nothing month-first.

Django's own ``vi`` locale defines no input formats and falls back to the global list, which
reads 08/02/2027 as 2 August. A two-digit year is not accepted (is 27 1927 or 2027?).
"""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
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
