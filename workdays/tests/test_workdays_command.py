from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from workdays.models import DayOverride


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


class WorkdaysCommandTestCase(TestCase):
    def test_it_prints_a_due_date_in_iso_8601(self) -> None:
        output = run("due", "--start", "2026-06-01T09:00", "--limit", "3 working days")
        self.assertEqual(output.strip(), "2026-06-04T17:00:00+07:00")

    def test_it_refuses_an_unreadable_limit(self) -> None:
        with self.assertRaisesMessage(CommandError, "3 fortnights"):
            run("due", "--start", "2026-06-01T09:00", "--limit", "3 fortnights")

    def test_it_refuses_an_unreadable_start(self) -> None:
        with self.assertRaisesMessage(CommandError, "Thời điểm không hợp lệ"):
            run("due", "--start", "1/6/2026", "--limit", "same day")

    def test_it_lists_the_days_off_of_a_year_with_their_names(self) -> None:
        output = run("list", "--year", "2027")
        self.assertIn("2027-02-05\tThứ Sáu\tGiao thừa Tết Nguyên Đán", output)
        self.assertIn("2027-09-02\tThứ Năm\tQuốc khánh", output)

    def test_set_work_makes_a_saturday_count(self) -> None:
        run("set", "2027-02-13", "work", "Làm bù cho 08/02")
        output = run("due", "--start", "2027-02-12T10:00", "--limit", "1 working day")
        self.assertEqual(output.strip(), "2027-02-13T17:00:00+07:00")

    def test_set_off_adds_a_named_day_off_to_the_list(self) -> None:
        run("set", "2027-06-01", "off", "Nghỉ thêm theo quyết định")
        self.assertIn(
            "2027-06-01\tThứ Ba\tNghỉ thêm theo quyết định", run("list", "--year", "2027")
        )

    def test_set_twice_keeps_one_row(self) -> None:
        run("set", "2027-06-01", "off", "Nghỉ")
        run("set", "2027-06-01", "off", "Nghỉ thêm")
        self.assertEqual(DayOverride.objects.get().name, "Nghỉ thêm")

    def test_unset_removes_the_day(self) -> None:
        run("set", "2027-06-01", "off", "Nghỉ thêm")
        run("unset", "2027-06-01")
        self.assertNotIn("2027-06-01", run("list", "--year", "2027"))

    def test_unset_of_an_unknown_day_says_so(self) -> None:
        with self.assertRaisesMessage(CommandError, "chưa được nhập"):
            run("unset", "2027-06-01")

    def test_set_refuses_a_bad_date(self) -> None:
        with self.assertRaisesMessage(CommandError, "Ngày không hợp lệ"):
            run("set", "2027-02-30", "work", "Làm bù")
