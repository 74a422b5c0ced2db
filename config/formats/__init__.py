"""MotCua's format modules (FORMAT_MODULE_PATH): dates are read day first in every language.

The input formats live here once; ``vi/formats.py``, ``en/formats.py`` and the settings' own
fallback (used when no language is active) all take them from here. A two-digit year is not
among them (is 27 1927 or 2027?), and neither is anything month first.
"""

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
