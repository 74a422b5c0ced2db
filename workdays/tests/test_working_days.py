from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase

from workdays.calendar import OfficeHours, Override, WorkCalendar

HOURS = OfficeHours.parse("08:00-12:00,13:00-17:00", "15:00")


def calendar(**overrides: Override) -> WorkCalendar:
    return WorkCalendar(
        HOURS, {date.fromisoformat(k[1:].replace("_", "-")): v for k, v in overrides.items()}
    )


class WorkingDaysTestCase(SimpleTestCase):
    """Real dates of 2025–2027, as the government announced them."""

    def assert_off(self, *days: str) -> None:
        cal = calendar()
        for day in days:
            self.assertFalse(cal.is_working_day(date.fromisoformat(day)), day)

    def assert_working(self, *days: str) -> None:
        cal = calendar()
        for day in days:
            self.assertTrue(cal.is_working_day(date.fromisoformat(day)), day)

    def test_it_counts_weekdays_as_working_days(self) -> None:
        self.assert_working("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05")

    def test_it_gives_weekends_off(self) -> None:
        self.assert_off("2026-06-06", "2026-06-07", "2027-03-13", "2027-03-14")

    def test_it_gives_new_year_off(self) -> None:
        self.assert_off("2025-01-01", "2026-01-01", "2027-01-01")
        self.assert_working("2026-01-02")

    def test_it_gives_tet_2025_off(self) -> None:
        self.assert_off("2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31")
        self.assert_working("2025-01-24", "2025-02-03")

    def test_it_gives_tet_2026_off(self) -> None:
        self.assert_off("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20")
        self.assert_working("2026-02-13", "2026-02-23")

    def test_it_gives_tet_2027_off(self) -> None:
        self.assert_off(
            "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"
        )  # fmt: skip
        self.assert_working("2027-02-03", "2027-02-11")

    def test_it_gives_hung_kings_day_off_and_moves_it_off_a_sunday(self) -> None:
        self.assert_off("2025-04-07", "2026-04-27", "2027-04-16")

    def test_it_gives_30_april_and_1_may_off(self) -> None:
        self.assert_off("2025-04-30", "2025-05-01", "2026-04-30", "2026-05-01", "2027-04-30")

    def test_it_moves_1_may_2027_off_a_saturday(self) -> None:
        self.assert_off("2027-05-03")

    def test_it_gives_national_day_and_its_neighbour_off(self) -> None:
        self.assert_off(
            "2025-09-01", "2025-09-02", "2026-09-01", "2026-09-02", "2027-09-02", "2027-09-03"
        )

    def test_it_applies_the_official_swaps_the_package_records(self) -> None:
        # 2 May 2025 off in exchange for Saturday 26 April; 31 August 2026 for 22 August.
        self.assert_off("2025-05-02", "2026-08-31")
        self.assert_working("2025-04-26", "2026-08-22")

    def test_it_gives_vietnam_culture_day_off_from_2026(self) -> None:
        self.assert_off("2026-11-24", "2027-11-24")
        self.assert_working("2025-11-24")

    def test_an_override_makes_a_saturday_a_working_day(self) -> None:
        cal = calendar(d2027_02_13=Override(True, "Làm bù cho 08/02"))
        self.assertTrue(cal.is_working_day(date(2027, 2, 13)))

    def test_an_override_makes_a_holiday_a_working_day(self) -> None:
        cal = calendar(d2026_11_24=Override(True, "Đi làm"))
        self.assertTrue(cal.is_working_day(date(2026, 11, 24)))

    def test_an_override_gives_a_weekday_off(self) -> None:
        cal = calendar(d2026_06_03=Override(False, "Nghỉ thêm"))
        self.assertFalse(cal.is_working_day(date(2026, 6, 3)))

    def test_it_lists_a_years_days_off_with_names(self) -> None:
        days = {d.date.isoformat(): d.name for d in calendar().days_off(2027)}
        self.assertEqual(days["2027-02-06"], "Tết Nguyên Đán")
        self.assertEqual(days["2027-09-02"], "Quốc khánh")
        self.assertNotIn("2027-03-13", days)  # a plain Saturday is left out by default

    def test_it_lists_override_days_off_by_their_names(self) -> None:
        cal = calendar(d2027_06_01=Override(False, "Nghỉ thêm theo quyết định"))
        days = {d.date.isoformat(): d.name for d in cal.days_off(2027)}
        self.assertEqual(days["2027-06-01"], "Nghỉ thêm theo quyết định")

    def test_it_counts_working_days_between_two_dates(self) -> None:
        # Fri 13 Feb 2026 to Tue 24 Feb 2026: Tết week in between.
        self.assertEqual(calendar().working_days_between(date(2026, 2, 13), date(2026, 2, 24)), 2)


class CountingBackTestCase(SimpleTestCase):
    def test_the_previous_working_day_skips_the_weekend(self) -> None:
        # Monday 7 December 2026 → Friday 4 December.
        self.assertEqual(calendar().previous_working_day(date(2026, 12, 7)), date(2026, 12, 4))

    def test_negative_working_days_count_back_over_tet(self) -> None:
        # Tết 2027: 5–11 February are days off; two working days before Friday 12 February
        # are Wednesday 3 and Thursday 4 February.
        self.assertEqual(calendar().add_working_days(date(2027, 2, 12), -2), date(2027, 2, 3))

    def test_counting_forward_then_back_returns_to_a_working_day(self) -> None:
        cal = calendar()
        start = date(2026, 4, 24)  # a Friday before the 30/4 – 1/5 holidays
        self.assertEqual(cal.add_working_days(cal.add_working_days(start, 5), -5), start)
