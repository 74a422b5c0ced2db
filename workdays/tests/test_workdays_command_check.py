"""`workdays check` finds the single dates that change nothing, the mark of a date read month
first before dates were read day first, and names the date probably meant."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from workdays.models import DayOverride


def check() -> str:
    out = StringIO()
    call_command("workdays", "check", stdout=out)
    return out.getvalue()


class CheckTestCase(TestCase):
    def test_a_work_day_on_a_weekday_is_flagged_with_the_date_meant(self) -> None:
        # "13/02/2027" could not be typed month first; "06/02/2027" (a Saturday worked) was
        # stored as 2 June 2027, a Wednesday: a working day already.
        DayOverride.objects.create(date=date(2027, 6, 2), kind="work", name="Làm bù")
        with self.assertRaisesMessage(CommandError, "1 ngày đã nhập không thay đổi lịch"):
            call_command("workdays", "check", stdout=(out := StringIO()))
        self.assertIn("có thể định nhập Thứ Bảy, 06/02/2027", out.getvalue())

    def test_a_day_off_on_a_weekend_is_flagged(self) -> None:
        DayOverride.objects.create(date=date(2027, 3, 6), kind="off", name="Nghỉ thêm")
        with self.assertRaises(CommandError):
            check()

    def test_dates_that_change_the_calendar_pass(self) -> None:
        DayOverride.objects.create(date=date(2027, 2, 6), kind="work", name="Làm bù")
        DayOverride.objects.create(date=date(2027, 11, 25), kind="off", name="Nghỉ thêm")
        self.assertIn("Không có ngày nào đáng ngờ", check())
