"""Properties that must hold for every start and limit, not only the dates we thought of."""

from __future__ import annotations

from datetime import date, datetime, time

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from workdays.calendar import TZ, LimitUnit, OfficeHours, Override, TimeLimit, WorkCalendar

HOURS = OfficeHours.parse("08:00-12:00,13:00-17:00", "15:00")
CALENDAR = WorkCalendar(
    HOURS,
    {
        date(2027, 2, 13): Override(True, "Làm bù"),
        date(2026, 6, 3): Override(False, "Nghỉ thêm"),
    },
)

# Naive on purpose: the calendar reads a naive datetime as Vietnam time.
starts = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 12, 31, 23, 59),  # noqa: DTZ001
)
limits = st.one_of(
    st.just(TimeLimit.same_day()),
    st.builds(
        TimeLimit,
        st.integers(min_value=1, max_value=60),
        st.sampled_from([u for u in LimitUnit if u is not LimitUnit.SAME_DAY]),
    ),
)


class DueDatePropertiesTestCase(SimpleTestCase):
    @settings(max_examples=400, deadline=None)
    @given(start=starts, limit=limits)
    def test_a_due_date_is_never_on_a_day_off(self, start: datetime, limit: TimeLimit) -> None:
        due = CALENDAR.due(start, limit)
        self.assertTrue(CALENDAR.is_working_day(due.date()), f"{start} + {limit} -> {due}")

    @settings(max_examples=400, deadline=None)
    @given(start=starts, limit=limits)
    def test_a_due_date_is_never_before_the_start(self, start: datetime, limit: TimeLimit) -> None:
        self.assertGreater(CALENDAR.due(start, limit), start.replace(tzinfo=TZ))

    @settings(max_examples=400, deadline=None)
    @given(start=starts, limit=limits)
    def test_a_due_date_falls_within_office_hours(self, start: datetime, limit: TimeLimit) -> None:
        clock = CALENDAR.due(start, limit).time()
        self.assertTrue(time(8, 0) < clock <= time(17, 0), clock)

    @settings(max_examples=200, deadline=None)
    @given(start=starts, days=st.integers(min_value=1, max_value=30))
    def test_more_working_days_never_give_an_earlier_date(self, start: datetime, days: int) -> None:
        shorter = CALENDAR.due(start, TimeLimit(days, LimitUnit.WORKING_DAYS))
        longer = CALENDAR.due(start, TimeLimit(days + 1, LimitUnit.WORKING_DAYS))
        self.assertLess(shorter, longer)

    @settings(max_examples=200, deadline=None)
    @given(start=starts, days=st.integers(min_value=1, max_value=30))
    def test_n_working_days_span_exactly_n_working_days(self, start: datetime, days: int) -> None:
        received = CALENDAR.reception_time(start)
        due = CALENDAR.due(start, TimeLimit(days, LimitUnit.WORKING_DAYS))
        self.assertEqual(CALENDAR.working_days_between(received.date(), due.date()), days)
