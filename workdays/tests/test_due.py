from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.test import SimpleTestCase

from workdays.calendar import TZ, LimitUnit, OfficeHours, Override, TimeLimit, WorkCalendar

HOURS = OfficeHours.parse("08:00-12:00,13:00-17:00", "15:00")


def due(start: str, limit: str, overrides: dict[str, Override] | None = None) -> str:
    cal = WorkCalendar(HOURS, {date.fromisoformat(k): v for k, v in (overrides or {}).items()})
    return cal.due(datetime.fromisoformat(start), TimeLimit.parse(limit)).isoformat()


class DueDateTestCase(SimpleTestCase):
    def test_it_counts_working_days_from_the_day_after_reception(self) -> None:
        self.assertEqual(due("2026-06-01T09:00", "3 working days"), "2026-06-04T17:00:00+07:00")

    def test_it_skips_the_weekend(self) -> None:
        self.assertEqual(due("2026-06-04T10:00", "3 working days"), "2026-06-09T17:00:00+07:00")

    def test_it_skips_tet(self) -> None:
        self.assertEqual(due("2026-02-12T10:00", "3 working days"), "2026-02-24T17:00:00+07:00")

    def test_it_counts_a_swapped_saturday_and_skips_30_april_to_2_may(self) -> None:
        self.assertEqual(due("2025-04-24T09:00", "5 working days"), "2025-05-05T17:00:00+07:00")

    def test_it_counts_a_saturday_an_admin_made_a_working_day(self) -> None:
        worked = {"2027-02-13": Override(True, "Làm bù cho 08/02")}
        self.assertEqual(due("2027-02-12T10:00", "1 working day"), "2027-02-15T17:00:00+07:00")
        self.assertEqual(
            due("2027-02-12T10:00", "1 working day", worked), "2027-02-13T17:00:00+07:00"
        )

    def test_it_skips_a_day_off_an_admin_added(self) -> None:
        off = {"2026-06-03": Override(False, "Nghỉ thêm")}
        self.assertEqual(
            due("2026-06-01T09:00", "3 working days", off), "2026-06-05T17:00:00+07:00"
        )

    def test_a_same_day_procedure_received_before_15h_is_due_that_day(self) -> None:
        self.assertEqual(due("2026-06-01T14:59", "same day"), "2026-06-01T17:00:00+07:00")

    def test_a_same_day_procedure_received_at_15h_sharp_is_due_that_day(self) -> None:
        self.assertEqual(due("2026-06-01T15:00", "same day"), "2026-06-01T17:00:00+07:00")

    def test_a_same_day_procedure_received_after_15h_is_due_the_next_working_day(self) -> None:
        self.assertEqual(due("2026-06-01T15:01", "same day"), "2026-06-02T17:00:00+07:00")

    def test_the_15h_rule_rolls_a_friday_over_the_weekend(self) -> None:
        self.assertEqual(due("2026-06-05T16:00", "same day"), "2026-06-08T17:00:00+07:00")

    def test_the_15h_rule_rolls_over_tet(self) -> None:
        self.assertEqual(due("2026-02-13T15:30", "same day"), "2026-02-23T17:00:00+07:00")

    def test_a_dossier_received_on_a_saturday_counts_from_monday(self) -> None:
        self.assertEqual(due("2026-06-06T10:00", "1 working day"), "2026-06-09T17:00:00+07:00")
        self.assertEqual(due("2026-06-06T10:00", "same day"), "2026-06-08T17:00:00+07:00")

    def test_a_dossier_received_after_closing_counts_from_the_next_morning(self) -> None:
        self.assertEqual(due("2026-06-01T18:30", "same day"), "2026-06-02T17:00:00+07:00")

    def test_it_counts_working_hours_across_the_midday_break(self) -> None:
        self.assertEqual(due("2026-06-01T09:00", "4 hours"), "2026-06-01T14:00:00+07:00")

    def test_it_counts_working_hours_across_a_weekend(self) -> None:
        self.assertEqual(due("2026-06-05T16:00", "2 hours"), "2026-06-08T09:00:00+07:00")

    def test_working_hours_that_end_at_a_break_end_there(self) -> None:
        self.assertEqual(due("2026-06-01T08:00", "4 hours"), "2026-06-01T12:00:00+07:00")

    def test_calendar_days_ending_on_a_weekend_move_to_the_next_working_day(self) -> None:
        self.assertEqual(due("2026-06-01T09:00", "5 days"), "2026-06-08T17:00:00+07:00")
        self.assertEqual(due("2026-06-01T09:00", "2 days"), "2026-06-03T17:00:00+07:00")

    def test_months_end_on_the_last_day_of_a_shorter_month(self) -> None:
        # 31 Jan + 1 month = 28 Feb 2026, a Saturday, so Monday 2 March.
        self.assertEqual(due("2026-01-31T09:00", "1 month"), "2026-03-02T17:00:00+07:00")

    def test_it_reads_an_aware_datetime_in_vietnam_time(self) -> None:
        start = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
        cal = WorkCalendar(HOURS, {})
        self.assertEqual(
            cal.due(start, TimeLimit(4, LimitUnit.WORKING_HOURS)).isoformat(),
            "2026-06-01T14:00:00+07:00",
        )


class ReceptionTimeTestCase(SimpleTestCase):
    def reception(self, moment: str) -> str:
        return WorkCalendar(HOURS, {}).reception_time(datetime.fromisoformat(moment)).isoformat()

    def test_it_keeps_a_moment_within_office_hours(self) -> None:
        self.assertEqual(self.reception("2026-06-01T10:15"), "2026-06-01T10:15:00+07:00")

    def test_it_moves_an_early_morning_to_the_opening(self) -> None:
        self.assertEqual(self.reception("2026-06-01T06:30"), "2026-06-01T08:00:00+07:00")

    def test_it_moves_the_midday_break_to_the_afternoon_opening(self) -> None:
        self.assertEqual(self.reception("2026-06-01T12:30"), "2026-06-01T13:00:00+07:00")

    def test_it_moves_closing_time_to_the_next_working_morning(self) -> None:
        self.assertEqual(self.reception("2026-06-05T17:00"), "2026-06-08T08:00:00+07:00")

    def test_it_moves_a_holiday_to_the_next_working_morning(self) -> None:
        self.assertEqual(self.reception("2026-09-02T10:00"), "2026-09-03T08:00:00+07:00")


class WorkingTimeTestCase(SimpleTestCase):
    calendar = WorkCalendar(HOURS, {})

    def test_it_counts_only_office_time_between_two_moments(self) -> None:
        start = datetime(2026, 6, 5, 16, 58, tzinfo=TZ)  # Friday, 2 minutes before closing
        end = datetime(2026, 6, 8, 8, 1, tzinfo=TZ)  # Monday, a minute after opening
        self.assertEqual(self.calendar.working_time_between(start, end).total_seconds(), 180)

    def test_a_day_of_office_time_is_eight_hours(self) -> None:
        self.assertEqual(HOURS.day_length.total_seconds(), 8 * 3600)

    def test_adding_office_time_skips_the_night_and_weekend(self) -> None:
        moved = self.calendar.add_working_time(
            datetime(2026, 6, 5, 17, 0, tzinfo=TZ), timedelta(minutes=3)
        )
        self.assertEqual(moved, datetime(2026, 6, 8, 8, 3, tzinfo=TZ))
