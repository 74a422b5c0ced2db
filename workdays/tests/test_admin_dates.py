"""Dates typed in the calendar admin are read day first (dd/mm/yyyy), in Vietnamese and English."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.test import TestCase

from accounts.models import Role, User
from core.testing import create_officer, create_unit
from workdays.calendar import WorkCalendar
from workdays.models import DayOverride, DaySwap

OVERRIDES = "/quan-tri/workdays/dayoverride/"
SWAPS = "/quan-tri/workdays/dayswap/"


class _AdminDates(TestCase):
    language = "vi"
    province_admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.province_admin = create_officer(create_unit(), roles=(Role.UNIT_ADMIN,))

    def setUp(self) -> None:
        self.client.force_login(self.province_admin)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = self.language

    def add_override(self, typed: str, **extra: Any) -> HttpResponse:
        data = {"date": typed, "kind": "off", "name": "Nghỉ thêm", "legal_basis": "", **extra}
        return self.client.post(f"{OVERRIDES}add/", data, follow=True)  # type: ignore[return-value]

    def add_swap(self, worked: str, off: str) -> HttpResponse:
        data = {
            "worked_date": worked,
            "off_date": off,
            "name": "Hoán đổi dịp Tết",
            "legal_basis": "Thông báo 6150/TB-BLĐTBXH",
        }
        return self.client.post(f"{SWAPS}add/", data, follow=True)  # type: ignore[return-value]


class VietnameseAdminDatesTestCase(_AdminDates):
    def test_08_02_2027_is_stored_as_8_february(self) -> None:
        self.add_override("08/02/2027")
        self.assertEqual(DayOverride.objects.get().date, date(2027, 2, 8))

    def test_13_02_2027_is_accepted(self) -> None:
        self.add_override("13/02/2027", kind="work")
        self.assertEqual(DayOverride.objects.get().date, date(2027, 2, 13))

    def test_10_02_2027_is_echoed_as_a_wednesday(self) -> None:
        response = self.add_override("10/02/2027")
        self.assertContains(response, "Thứ Tư, 10/02/2027")

    def test_31_02_2027_is_refused_with_a_reason(self) -> None:
        response = self.add_override("31/02/2027")
        self.assertContains(response, "tháng 2 năm 2027 không có ngày 31")
        self.assertFalse(DayOverride.objects.exists())

    def test_a_two_digit_year_is_refused_as_ambiguous(self) -> None:
        response = self.add_override("08/02/27")
        self.assertContains(response, "viết năm đủ bốn chữ số")
        self.assertFalse(DayOverride.objects.exists())

    def test_a_year_mistyped_out_of_range_is_refused(self) -> None:
        response = self.add_override("08/02/0207")
        self.assertContains(response, "Năm 207 của ngày")
        self.assertFalse(DayOverride.objects.exists())

    def test_a_month_first_american_date_is_refused(self) -> None:
        response = self.add_override("02/13/2027")
        self.assertContains(response, "không có tháng 13")
        self.assertFalse(DayOverride.objects.exists())

    def test_the_add_form_shows_dates_day_first(self) -> None:
        override = DayOverride.objects.create(date=date(2027, 2, 8), kind="off", name="Nghỉ")
        response = self.client.get(f"{OVERRIDES}{override.pk}/change/")
        self.assertContains(response, 'value="08/02/2027"')


class EnglishAdminDatesTestCase(_AdminDates):
    language = "en"

    def test_08_02_2027_is_stored_as_8_february(self) -> None:
        self.add_override("08/02/2027")
        self.assertEqual(DayOverride.objects.get().date, date(2027, 2, 8))

    def test_13_02_2027_is_accepted(self) -> None:
        self.add_override("13/02/2027", kind="work")
        self.assertEqual(DayOverride.objects.get().date, date(2027, 2, 13))

    def test_10_02_2027_is_echoed_as_a_wednesday(self) -> None:
        response = self.add_override("10/02/2027")
        self.assertContains(response, "Wednesday 10/02/2027")

    def test_31_02_2027_is_refused_with_a_reason(self) -> None:
        response = self.add_override("31/02/2027")
        self.assertContains(response, "month 2 of 2027 has no day 31")
        self.assertFalse(DayOverride.objects.exists())

    def test_a_two_digit_year_is_refused_as_ambiguous(self) -> None:
        response = self.add_override("08/02/27")
        self.assertContains(response, "write all four digits of the year")
        self.assertFalse(DayOverride.objects.exists())


class DaySwapAdminTestCase(_AdminDates):
    def test_the_pair_is_stored_as_one_linked_record(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        swap = DaySwap.objects.get()
        self.assertEqual((swap.worked_date, swap.off_date), (date(2027, 2, 13), date(2027, 2, 12)))

    def test_the_list_shows_both_days_with_their_weekdays_together(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        response = self.client.get(SWAPS)
        self.assertContains(response, "Thứ Bảy, 13/02/2027 làm bù cho Thứ Sáu, 12/02/2027")

    def test_the_change_page_shows_both_days_together(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        response = self.client.get(f"{SWAPS}{DaySwap.objects.get().pk}/change/")
        self.assertContains(response, "Thứ Bảy, 13/02/2027 làm bù cho Thứ Sáu, 12/02/2027")

    def test_the_calendar_counts_the_saturday_as_working(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        self.assertTrue(WorkCalendar.load().is_working_day(date(2027, 2, 13)))

    def test_the_calendar_counts_the_weekday_as_off(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        self.assertFalse(WorkCalendar.load().is_working_day(date(2027, 2, 12)))

    def test_a_worked_day_that_is_already_a_working_day_is_refused(self) -> None:
        response = self.add_swap("11/02/2027", "12/02/2027")
        self.assertContains(response, "Thứ Năm, 11/02/2027 đã là ngày làm việc")
        self.assertFalse(DaySwap.objects.exists())

    def test_a_day_off_that_is_already_off_is_refused(self) -> None:
        response = self.add_swap("13/02/2027", "10/02/2027")  # Mùng năm Tết
        self.assertContains(response, "Thứ Tư, 10/02/2027 đã là ngày nghỉ")
        self.assertFalse(DaySwap.objects.exists())

    def test_days_far_apart_are_refused(self) -> None:
        response = self.add_swap("13/02/2027", "12/11/2027")
        self.assertContains(response, "cách nhau quá 60 ngày")
        self.assertFalse(DaySwap.objects.exists())

    def test_a_day_already_entered_as_an_override_is_refused(self) -> None:
        DayOverride.objects.create(date=date(2027, 2, 12), kind="off", name="Nghỉ thêm")
        response = self.add_swap("13/02/2027", "12/02/2027")
        self.assertContains(response, "đã có trong lịch")
        self.assertFalse(DaySwap.objects.exists())

    def test_an_override_on_a_swapped_day_is_refused(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        response = self.add_override("12/02/2027")
        self.assertContains(response, "đã là một ngày hoán đổi")
        self.assertFalse(DayOverride.objects.exists())

    def test_a_saved_swap_can_be_saved_again_unchanged(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        swap = DaySwap.objects.get()
        data = {
            "worked_date": "13/02/2027",
            "off_date": "12/02/2027",
            "name": "Hoán đổi (sửa)",
            "legal_basis": "",
        }
        self.client.post(f"{SWAPS}{swap.pk}/change/", data)
        swap.refresh_from_db()
        self.assertEqual(swap.name, "Hoán đổi (sửa)")

    def test_the_form_carries_the_weekday_script(self) -> None:
        response = self.client.get(f"{SWAPS}add/")
        self.assertContains(response, "motcua/date-weekday.js")


class EnglishDaySwapAdminTestCase(_AdminDates):
    language = "en"

    def test_the_list_shows_both_days_with_their_weekdays_together(self) -> None:
        self.add_swap("13/02/2027", "12/02/2027")
        response = self.client.get(SWAPS)
        self.assertContains(
            response, "Saturday 13/02/2027 worked in exchange for Friday 12/02/2027"
        )
