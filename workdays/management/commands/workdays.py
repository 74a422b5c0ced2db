"""Operator commands for the working-day calendar.

workdays due --start 2026-06-01T09:00 --limit "3 working days"
workdays list --year 2027 [--weekends]
workdays set 2027-02-13 work "Làm bù cho 08/02"
workdays set 2027-11-25 off "Nghỉ thêm"
workdays unset 2027-02-13
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.text import clean
from workdays.calendar import CalendarError, TimeLimit, WorkCalendar, to_local
from workdays.models import DayOverride

_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: {text!r} (viết theo dạng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Lịch làm việc: tính hạn, liệt kê ngày nghỉ, nhập ngày hoán đổi / nghỉ thêm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)

        due = sub.add_parser("due", help="Tính thời hạn giải quyết.")
        due.add_argument("--start", required=True, help="Thời điểm tiếp nhận, ISO 8601.")
        due.add_argument("--limit", required=True, help='"3 working days", "same day"…')

        listing = sub.add_parser("list", help="Liệt kê ngày nghỉ trong năm.")
        listing.add_argument("--year", type=int, required=True)
        listing.add_argument("--weekends", action="store_true", help="Kể cả thứ Bảy, Chủ nhật.")

        setter = sub.add_parser("set", help="Nhập một ngày làm bù hoặc ngày nghỉ thêm.")
        setter.add_argument("date")
        setter.add_argument("kind", choices=[k.value for k in DayOverride.Kind])
        setter.add_argument("name")

        unset = sub.add_parser("unset", help="Xóa ngày đã nhập.")
        unset.add_argument("date")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['action']}")
        handler(options)

    def _due(self, options: dict[str, Any]) -> None:
        try:
            start = datetime.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(
                f"Thời điểm không hợp lệ: {options['start']!r} (ví dụ 2026-06-01T09:00)."
            ) from None
        try:
            limit = TimeLimit.parse(options["limit"])
            due = WorkCalendar.load().due(start, limit)
        except CalendarError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(to_local(due).isoformat())

    def _list(self, options: dict[str, Any]) -> None:
        year = options["year"]
        if not 1995 <= year <= 2100:
            raise CommandError(f"Năm {year} nằm ngoài khoảng 1995–2100.")
        calendar = WorkCalendar.load()
        for day_off in calendar.days_off(year, include_weekends=options["weekends"]):
            weekday = _WEEKDAYS[day_off.date.weekday()]
            self.stdout.write(f"{day_off.date.isoformat()}\t{weekday}\t{day_off.name}")

    def _set(self, options: dict[str, Any]) -> None:
        day = _parse_date(options["date"])
        name = clean(options["name"])
        if not name:
            raise CommandError("Cần ghi tên hoặc lý do của ngày này.")
        DayOverride.objects.update_or_create(
            date=day, defaults={"kind": options["kind"], "name": name}
        )
        label = DayOverride.Kind(options["kind"]).label
        self.stdout.write(f"{day.isoformat()}: {label} — {name}")

    def _unset(self, options: dict[str, Any]) -> None:
        day = _parse_date(options["date"])
        deleted, _rows = DayOverride.objects.filter(date=day).delete()
        if not deleted:
            raise CommandError(f"Ngày {day.isoformat()} chưa được nhập nên không có gì để xóa.")
        self.stdout.write(f"{day.isoformat()}: đã xóa.")
