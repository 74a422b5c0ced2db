"""The working-day calendar: the only place in MotCua that knows about weekends and holidays.

A day is a working day unless it is a Saturday, a Sunday or a public holiday; an administrator's
``DayOverride`` for that date wins over both, and so does a ``DaySwap`` (a weekend day worked,
entered together with the weekday given off in exchange). Public holidays (solar and lunar:
Tết, Hùng Kings, compensatory days) come from the ``holidays`` package; the official swaps it
records (a weekday off "thay cho" a Saturday) make that Saturday a working day.

Counting follows the Civil Code (2015) art. 147–148: a period in days starts on the day after
the dossier is received and ends at the close of the office on its last day; a last day that is
not a working day moves to the next working day. Time outside office hours counts from the next
opening. Same-day procedures received after the cut-off (15:00) are due the next working day.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_MAX_SCAN_DAYS = 366 * 3  # no real calendar has three years without a working day


class CalendarError(ValueError):
    """A time limit or setting that the calendar cannot work with."""


class LimitUnit(models.TextChoices):
    """The units in which the national procedure database states time limits."""

    WORKING_DAYS = "working_days", _("ngày làm việc")
    DAYS = "days", _("ngày")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    MONTHS = "months", _("tháng")
    SAME_DAY = "same_day", _("trong ngày")


# Words accepted by TimeLimit.parse, English and Vietnamese, already folded to lower case.
_UNIT_WORDS: dict[str, LimitUnit] = {
    "working day": LimitUnit.WORKING_DAYS,
    "working days": LimitUnit.WORKING_DAYS,
    "ngày làm việc": LimitUnit.WORKING_DAYS,
    "day": LimitUnit.DAYS,
    "days": LimitUnit.DAYS,
    "calendar days": LimitUnit.DAYS,
    "ngày": LimitUnit.DAYS,
    "hour": LimitUnit.WORKING_HOURS,
    "hours": LimitUnit.WORKING_HOURS,
    "working hours": LimitUnit.WORKING_HOURS,
    "giờ": LimitUnit.WORKING_HOURS,
    "giờ làm việc": LimitUnit.WORKING_HOURS,
    "month": LimitUnit.MONTHS,
    "months": LimitUnit.MONTHS,
    "tháng": LimitUnit.MONTHS,
}
_SAME_DAY_WORDS = {"same day", "same-day", "trong ngày", "0 working days", "0 ngày làm việc"}
_LIMIT_RE = re.compile(r"^\s*(\d{1,4})\s+(.+?)\s*$")


@dataclass(frozen=True)
class TimeLimit:
    value: int
    unit: LimitUnit

    def __post_init__(self) -> None:
        if self.unit is LimitUnit.SAME_DAY:
            if self.value != 0:
                raise CalendarError("A same-day limit has no number of days.")
        elif self.value < 1:
            raise CalendarError(f"A time limit in {self.unit.value} must be at least 1.")

    @classmethod
    def same_day(cls) -> TimeLimit:
        return cls(0, LimitUnit.SAME_DAY)

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """Read "3 working days", "5 days", "8 hours", "same day" (or their Vietnamese)."""
        normalised = " ".join(text.strip().lower().split())
        if normalised in _SAME_DAY_WORDS:
            return cls.same_day()
        match = _LIMIT_RE.match(normalised)
        unit = _UNIT_WORDS.get(match.group(2)) if match else None
        if match is None or unit is None:
            raise CalendarError(
                f"Cannot read the time limit {text!r}: write 'N working days', 'N days', "
                "'N hours', 'N months' or 'same day'."
            )
        return cls(int(match.group(1)), unit)

    def __str__(self) -> str:
        if self.unit is LimitUnit.SAME_DAY:
            return str(self.unit.label)
        return f"{self.value} {self.unit.label}"


@dataclass(frozen=True)
class OfficeHours:
    """Opening periods of a working day, in order, and the same-day cut-off."""

    periods: tuple[tuple[time, time], ...]
    cutoff: time

    def __post_init__(self) -> None:
        if not self.periods:
            raise CalendarError("Office hours need at least one period.")
        previous_end = time.min
        for start, end in self.periods:
            if not previous_end <= start < end:
                raise CalendarError("Office-hour periods must be in order and not overlap.")
            previous_end = end
        if not self.opening <= self.cutoff <= self.closing:
            raise CalendarError("The same-day cut-off must lie within office hours.")

    @property
    def opening(self) -> time:
        return self.periods[0][0]

    @property
    def closing(self) -> time:
        return self.periods[-1][1]

    @property
    def day_length(self) -> timedelta:
        """Office time in one working day."""
        anchor = date(2000, 1, 3)
        return sum(
            (
                datetime.combine(anchor, end) - datetime.combine(anchor, start)
                for start, end in self.periods
            ),
            timedelta(),
        )

    @classmethod
    def parse(cls, periods: str, cutoff: str) -> OfficeHours:
        """Read "08:00-12:00,13:00-17:00" and "15:00"."""
        try:
            parsed = tuple(
                (time.fromisoformat(a.strip()), time.fromisoformat(b.strip()))
                for a, b in (chunk.split("-") for chunk in periods.split(",") if chunk.strip())
            )
            return cls(parsed, time.fromisoformat(cutoff.strip()))
        except ValueError as exc:
            raise CalendarError(f"Office hours {periods!r} / cut-off {cutoff!r}: {exc}") from None

    @classmethod
    def from_settings(cls) -> OfficeHours:
        return cls.parse(settings.MOTCUA_OFFICE_HOURS, settings.MOTCUA_SAME_DAY_CUTOFF)


@dataclass(frozen=True)
class Override:
    """A day swap or extra day off, as the calendar needs it (the model is DayOverride)."""

    is_working_day: bool
    name: str


@dataclass(frozen=True)
class DayOff:
    date: date
    name: str
    source: str  # "holiday" (from the package) or "override" (entered by an administrator)


def _computed_holidays(year: int) -> dict[date, str]:
    import holidays  # ~1 s to import (every country), and ~0.5 s to compute a year

    return dict(holidays.country_holidays("VN", years=year, language="vi").items())


def _computed_swapped_workdays(year: int) -> frozenset[date]:
    """Saturdays or Sundays worked in exchange for a weekday off, as the package records them.

    ``special_public_holidays`` rows read (off month, off day, worked month, worked day[, worked
    year]). The package does not expose worked days otherwise; when it stops carrying the table,
    administrators still enter swaps as overrides.
    """
    from holidays.countries import vietnam as _vietnam_holidays

    static = getattr(_vietnam_holidays, "VietnamStaticHolidays", None)
    table = getattr(static, "special_public_holidays", {}) or {}
    worked: set[date] = set()
    for table_year in (year, year + 1):  # a swap for early January can be recorded a year later
        rows = table.get(table_year, ())
        if rows and isinstance(rows[0], int):
            rows = (rows,)
        for row in rows:
            if len(row) >= 4:
                worked_year = row[4] if len(row) > 4 else table_year
                if worked_year == year:
                    worked.add(date(worked_year, row[2], row[3]))
    return frozenset(worked)


def _year_file(year: int) -> Path | None:
    """Where a year's package holidays and swaps are kept between processes (per version of
    the package: a new version computes them again)."""
    try:
        version = metadata.version("holidays")
    except metadata.PackageNotFoundError:
        return None
    return Path(settings.VAR_DIR) / "cache" / f"holidays-vn-{version}-{year}.json"


@lru_cache(maxsize=64)
def _package_year(year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """The package's holidays and official swaps of ``year``: computed once per version of the
    package and kept in a file, so a short process (the deadline scan from cron) does not pay
    for importing and computing them on every start. A missing or unreadable file is computed
    again; one that cannot be written is only not kept."""
    path = _year_file(year)
    if path is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            return (
                {date.fromisoformat(day): str(name) for day, name in kept["holidays"].items()},
                frozenset(date.fromisoformat(day) for day in kept["worked"]),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    days, worked = _computed_holidays(year), _computed_swapped_workdays(year)
    if path is not None:
        content = {
            "holidays": {day.isoformat(): name for day, name in sorted(days.items())},
            "worked": sorted(day.isoformat() for day in worked),
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass
    return days, worked


def _package_holidays(year: int) -> Mapping[date, str]:
    return _package_year(year)[0]


def _package_swapped_workdays(year: int) -> frozenset[date]:
    return _package_year(year)[1]


class WorkCalendar:
    """Answers "is this a working day?" and computes due dates.

    Build it with ``WorkCalendar.load()`` (one query for the overrides) and reuse it for a batch.
    """

    def __init__(self, office_hours: OfficeHours, overrides: Mapping[date, Override]) -> None:
        self.office_hours = office_hours
        self.overrides = dict(overrides)

    @classmethod
    def load(
        cls, office_hours: OfficeHours | None = None, *, exclude_swap: int | None = None
    ) -> WorkCalendar:
        """The calendar with the administrators' overrides and swaps (two queries).

        ``exclude_swap`` leaves one swap out, to check an edit of it against the rest.
        """
        from workdays.models import DayOverride, DaySwap

        overrides = {
            row.date: Override(row.kind == DayOverride.Kind.WORK, row.name)
            for row in DayOverride.objects.only("date", "kind", "name")
        }
        swaps = DaySwap.objects.only("worked_date", "off_date", "name")
        if exclude_swap is not None:
            swaps = swaps.exclude(pk=exclude_swap)
        for swap in swaps:
            overrides.setdefault(swap.worked_date, Override(True, swap.name))
            overrides.setdefault(swap.off_date, Override(False, swap.name))
        return cls(office_hours or OfficeHours.from_settings(), overrides)

    # Days -------------------------------------------------------------------------------

    def holiday_name(self, day: date) -> str | None:
        return _package_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override.is_working_day
        if day in _package_holidays(day.year):
            return False
        if day.weekday() >= 5:
            return day in _package_swapped_workdays(day.year)
        return True

    def next_working_day(self, day: date, *, include: bool = False) -> date:
        candidate = day if include else day + timedelta(days=1)
        for _step in range(_MAX_SCAN_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate += timedelta(days=1)
        raise CalendarError(f"No working day within three years after {day.isoformat()}.")

    def previous_working_day(self, day: date) -> date:
        candidate = day - timedelta(days=1)
        for _step in range(_MAX_SCAN_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate -= timedelta(days=1)
        raise CalendarError(f"No working day within three years before {day.isoformat()}.")

    def add_working_days(self, day: date, count: int) -> date:
        """``count`` working days after ``day`` (before it when ``count`` is negative)."""
        step = self.next_working_day if count >= 0 else self.previous_working_day
        for _step in range(abs(count)):
            day = step(day)
        return day

    def close_of_working_day(self, day: date, working_days: int = 0) -> datetime:
        """Close of office on the ``working_days``-th working day after ``day`` (0: ``day``
        itself, or the next working day when ``day`` is a day off)."""
        if working_days == 0:
            return self._close(self.next_working_day(day, include=True))
        return self._close(self.add_working_days(day, working_days))

    def extend(self, due: datetime, working_days: int) -> datetime:
        """``due`` pushed back by whole working days (a pause while a supplement was awaited)."""
        if working_days <= 0:
            return due
        local = to_local(due)
        return datetime.combine(
            self.add_working_days(local.date(), working_days),
            local.timetz().replace(tzinfo=None),
            TZ,
        )

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )

    def days_off(self, year: int, *, include_weekends: bool = False) -> list[DayOff]:
        """The year's days off with their names, in date order.

        Plain weekends are left out unless asked for; a weekend that carries a holiday is kept.
        """
        result: list[DayOff] = []
        day = date(year, 1, 1)
        while day.year == year:
            if not self.is_working_day(day):
                override = self.overrides.get(day)
                if override is not None:
                    result.append(DayOff(day, override.name, "override"))
                elif (name := self.holiday_name(day)) is not None:
                    result.append(DayOff(day, name, "holiday"))
                elif include_weekends:
                    result.append(DayOff(day, str(_("Nghỉ cuối tuần")), "weekend"))
            day += timedelta(days=1)
        return result

    # Moments ----------------------------------------------------------------------------

    def _close(self, day: date) -> datetime:
        return datetime.combine(day, self.office_hours.closing, TZ)

    def reception_time(self, moment: datetime) -> datetime:
        """When a dossier received at ``moment`` counts as received.

        Inside office hours: that moment. Before opening or in the midday break of a working
        day: the next opening that day. After closing or on a day off: the opening of the next
        working day.
        """
        local = to_local(moment)
        day, clock = local.date(), local.timetz().replace(tzinfo=None)
        if self.is_working_day(day):
            for start, end in self.office_hours.periods:
                if clock < start:
                    return datetime.combine(day, start, TZ)
                if clock < end:
                    return local
        return datetime.combine(self.next_working_day(day), self.office_hours.opening, TZ)

    def due(self, start: datetime, limit: TimeLimit) -> datetime:
        """The due date-time of something received at ``start`` with time limit ``limit``."""
        received = self.reception_time(start)
        day = received.date()
        match limit.unit:
            case LimitUnit.SAME_DAY:
                # "Received after 15:00" rolls over; 15:00:00 itself is still the same day.
                if received.timetz().replace(tzinfo=None) <= self.office_hours.cutoff:
                    return self._close(day)
                return self._close(self.next_working_day(day))
            case LimitUnit.WORKING_DAYS:
                return self._close(self.add_working_days(day, limit.value))
            case LimitUnit.DAYS:
                last = day + timedelta(days=limit.value)
                return self._close(self.next_working_day(last, include=True))
            case LimitUnit.MONTHS:
                last = add_months(day, limit.value)
                return self._close(self.next_working_day(last, include=True))
            case LimitUnit.WORKING_HOURS:
                return self._add_working_hours(received, limit.value)
        raise CalendarError(f"Unknown time-limit unit {limit.unit!r}.")  # pragma: no cover

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time between two moments (weekends, holidays and nights do not count)."""
        start, end = to_local(start), to_local(end)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                for opening, closing in self.office_hours.periods:
                    low = max(start, datetime.combine(day, opening, TZ))
                    high = min(end, datetime.combine(day, closing, TZ))
                    if high > low:
                        total += high - low
            day += timedelta(days=1)
        return total

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """``moment`` moved on by ``amount`` of office time (a pause given back)."""
        if amount <= timedelta():
            return moment
        return self._add_working_time(to_local(moment), amount)

    def _add_working_hours(self, received: datetime, hours: int) -> datetime:
        return self._add_working_time(received, timedelta(hours=hours))

    def _add_working_time(self, received: datetime, amount: timedelta) -> datetime:
        remaining = amount
        moment = received
        for _step in range(_MAX_SCAN_DAYS * len(self.office_hours.periods)):
            day = moment.date()
            for start, end in self.office_hours.periods:
                period_start = datetime.combine(day, start, TZ)
                period_end = datetime.combine(day, end, TZ)
                if moment >= period_end:
                    continue
                moment = max(moment, period_start)
                available = period_end - moment
                if remaining <= available:
                    return moment + remaining
                remaining -= available
                moment = period_end
            moment = datetime.combine(self.next_working_day(day), self.office_hours.opening, TZ)
        raise CalendarError("Working hours could not be counted.")  # pragma: no cover


def to_local(moment: datetime) -> datetime:
    """The moment in Vietnam time; a naive datetime is taken as Vietnam time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=TZ)
    return moment.astimezone(TZ)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _stdlib_calendar.monthrange(year, month)[1]))


def due_date(start: datetime, limit: TimeLimit) -> datetime:
    """Due date-time for one item; for many, load one WorkCalendar and call ``due`` on it."""
    return WorkCalendar.load().due(start, limit)
