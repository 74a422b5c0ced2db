"""Operator commands for the working-day calendar.

workdays due --start 2026-06-01T09:00 --limit "3 working days"
workdays list --year 2027 [--weekends]
workdays set 2027-02-13 work "Làm bù cho 08/02"
workdays set 2027-11-25 off "Nghỉ thêm"
workdays unset 2027-02-13
workdays swap 13/02/2027 12/02/2027 "Hoán đổi dịp Tết" [--basis "Thông báo ..."]
workdays swaps --year 2027
workdays unswap 13/02/2027
workdays check

Dates entered before dates were read day first may have been read month first (08/02/2027
stored as 2 August): ``check`` lists the single dates that change nothing (a "working day" that
already was one, a "day off" that already was off), the mark of such a misreading, with the
date they were probably meant to be.

Dates are ISO (2027-02-13) or day first (13/02/2027), never month first.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from core.text import clean
from workdays.calendar import CalendarError, TimeLimit, WorkCalendar, to_local
from workdays.dates import describe_day, parse_day
from workdays.models import DayOverride, DaySwap
from workdays.swaps import validate_swap

_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def _parse_date(text: str) -> date:
    try:
        return parse_day(text)
    except ValidationError as exc:
        raise CommandError(
            f"Ngày không hợp lệ: {text!r} (viết theo dạng YYYY-MM-DD hoặc DD/MM/YYYY). "
            + " ".join(exc.messages)
        ) from None


def _refusal(exc: ValidationError) -> CommandError:
    return CommandError(" ".join(str(message) for message in exc.messages))


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

        swap = sub.add_parser("swap", help="Nhập một cặp hoán đổi: ngày đi làm bù, ngày được nghỉ.")
        swap.add_argument("worked_date")
        swap.add_argument("off_date")
        swap.add_argument("name")
        swap.add_argument("--basis", default="", help="Căn cứ (số thông báo, quyết định).")

        swaps = sub.add_parser("swaps", help="Liệt kê các cặp hoán đổi trong năm.")
        swaps.add_argument("--year", type=int, required=True)

        unswap = sub.add_parser("unswap", help="Xóa cặp hoán đổi có ngày đi làm bù này.")
        unswap.add_argument("worked_date")

        sub.add_parser(
            "check", help="Tìm ngày đã nhập không thay đổi gì (dấu hiệu đọc nhầm tháng/ngày)."
        )

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
        try:
            DayOverride(date=day, kind=options["kind"], name=name).clean()
        except ValidationError as exc:
            raise _refusal(exc) from None
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

    def _swap(self, options: dict[str, Any]) -> None:
        name = clean(options["name"])
        if not name:
            raise CommandError("Cần ghi tên hoặc lý do của cặp hoán đổi.")
        swap = DaySwap(
            worked_date=_parse_date(options["worked_date"]),
            off_date=_parse_date(options["off_date"]),
            name=name,
            legal_basis=clean(options["basis"]),
        )
        try:
            validate_swap(swap)
        except ValidationError as exc:
            raise _refusal(exc) from None
        swap.save()
        self.stdout.write(f"{swap} — {name}")

    def _swaps(self, options: dict[str, Any]) -> None:
        year = options["year"]
        rows = DaySwap.objects.filter(Q(worked_date__year=year) | Q(off_date__year=year))
        for swap in rows:
            self.stdout.write(
                f"{swap.worked_date.isoformat()}\t{describe_day(swap.worked_date)}\t"
                f"{swap.off_date.isoformat()}\t{describe_day(swap.off_date)}\t{swap.name}"
            )

    def _unswap(self, options: dict[str, Any]) -> None:
        day = _parse_date(options["worked_date"])
        deleted, _rows = DaySwap.objects.filter(worked_date=day).delete()
        if not deleted:
            raise CommandError(f"Không có cặp hoán đổi nào đi làm bù ngày {describe_day(day)}.")
        self.stdout.write(f"{describe_day(day)}: đã xóa cặp hoán đổi.")

    def _check(self, options: dict[str, Any]) -> None:
        base = WorkCalendar(WorkCalendar.load().office_hours, {})
        suspicious = 0
        for row in DayOverride.objects.order_by("date"):
            makes_working = row.kind == DayOverride.Kind.WORK
            if base.is_working_day(row.date) != makes_working:
                continue
            suspicious += 1
            line = f"{describe_day(row.date)}\t{row.get_kind_display()}\t{row.name}"
            if row.date.day <= 12 and row.date.day != row.date.month:
                meant = date(row.date.year, row.date.day, row.date.month)
                if base.is_working_day(meant) != makes_working:
                    line += f"\tcó thể định nhập {describe_day(meant)}"
            self.stdout.write(line)
        if suspicious:
            raise CommandError(
                f"{suspicious} ngày đã nhập không thay đổi lịch: kiểm tra lại (có thể đã bị đọc "
                "nhầm tháng/ngày trước khi MotCua đọc ngày trước tháng)."
            )
        self.stdout.write("Không có ngày nào đáng ngờ.")
