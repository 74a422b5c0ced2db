from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from workdays.calendar import WorkCalendar
from workdays.models import DayOverride, DaySwap


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


class WorkdaysSwapCommandTestCase(TestCase):
    def test_swap_stores_the_pair_read_day_first(self) -> None:
        run("swap", "13/02/2027", "12/02/2027", "Hoán đổi dịp Tết")
        swap = DaySwap.objects.get()
        self.assertEqual((swap.worked_date, swap.off_date), (date(2027, 2, 13), date(2027, 2, 12)))

    def test_swaps_lists_both_days_with_their_weekdays(self) -> None:
        run("swap", "2027-02-13", "2027-02-12", "Hoán đổi dịp Tết")
        self.assertIn(
            "2027-02-13\tThứ Bảy, 13/02/2027\t2027-02-12\tThứ Sáu, 12/02/2027\tHoán đổi dịp Tết",
            run("swaps", "--year", "2027"),
        )

    def test_list_shows_the_swapped_day_off(self) -> None:
        run("swap", "13/02/2027", "12/02/2027", "Hoán đổi dịp Tết")
        self.assertIn("2027-02-12\tThứ Sáu\tHoán đổi dịp Tết", run("list", "--year", "2027"))

    def test_swap_refuses_a_worked_day_that_is_already_working(self) -> None:
        with self.assertRaisesMessage(CommandError, "đã là ngày làm việc"):
            run("swap", "11/02/2027", "12/02/2027", "Sai")

    def test_swap_refuses_a_two_digit_year(self) -> None:
        with self.assertRaisesMessage(CommandError, "bốn chữ số"):
            run("swap", "13/02/27", "12/02/2027", "Sai")

    def test_unswap_gives_the_days_back(self) -> None:
        run("swap", "13/02/2027", "12/02/2027", "Hoán đổi dịp Tết")
        run("unswap", "13/02/2027")
        self.assertTrue(WorkCalendar.load().is_working_day(date(2027, 2, 12)))

    def test_set_refuses_a_day_of_a_swap(self) -> None:
        run("swap", "13/02/2027", "12/02/2027", "Hoán đổi dịp Tết")
        with self.assertRaisesMessage(CommandError, "đã là một ngày hoán đổi"):
            run("set", "2027-02-12", "work", "Sai")
        self.assertFalse(DayOverride.objects.exists())
