from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from workdays.calendar import CalendarError, LimitUnit, OfficeHours, TimeLimit


class TimeLimitTestCase(SimpleTestCase):
    def test_it_reads_english_limits(self) -> None:
        self.assertEqual(TimeLimit.parse("3 working days"), TimeLimit(3, LimitUnit.WORKING_DAYS))
        self.assertEqual(TimeLimit.parse("1 working day"), TimeLimit(1, LimitUnit.WORKING_DAYS))
        self.assertEqual(TimeLimit.parse("5 days"), TimeLimit(5, LimitUnit.DAYS))
        self.assertEqual(TimeLimit.parse("8 hours"), TimeLimit(8, LimitUnit.WORKING_HOURS))
        self.assertEqual(TimeLimit.parse("2 months"), TimeLimit(2, LimitUnit.MONTHS))
        self.assertEqual(TimeLimit.parse("Same day"), TimeLimit.same_day())

    def test_it_reads_vietnamese_limits(self) -> None:
        self.assertEqual(TimeLimit.parse("3 ngày làm việc"), TimeLimit(3, LimitUnit.WORKING_DAYS))
        self.assertEqual(TimeLimit.parse("trong ngày"), TimeLimit.same_day())

    def test_it_refuses_an_unknown_unit_with_the_accepted_forms(self) -> None:
        with self.assertRaisesMessage(CalendarError, "'N working days'"):
            TimeLimit.parse("3 weeks")

    def test_it_refuses_zero_working_days(self) -> None:
        with self.assertRaises(CalendarError):
            TimeLimit.parse("0 days")

    def test_it_shows_itself_in_vietnamese(self) -> None:
        with translation.override("vi"):
            self.assertEqual(str(TimeLimit(3, LimitUnit.WORKING_DAYS)), "3 ngày làm việc")

    def test_it_shows_itself_in_english(self) -> None:
        with translation.override("en"):
            self.assertEqual(str(TimeLimit(3, LimitUnit.WORKING_DAYS)), "3 working days")


class OfficeHoursTestCase(SimpleTestCase):
    def test_it_refuses_overlapping_periods(self) -> None:
        with self.assertRaises(CalendarError):
            OfficeHours.parse("08:00-12:00,11:00-17:00", "15:00")

    def test_it_refuses_a_cutoff_outside_office_hours(self) -> None:
        with self.assertRaises(CalendarError):
            OfficeHours.parse("08:00-12:00,13:00-17:00", "18:00")

    def test_it_refuses_unreadable_times(self) -> None:
        with self.assertRaisesMessage(CalendarError, "Office hours"):
            OfficeHours.parse("8h-12h", "15:00")
