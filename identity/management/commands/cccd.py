"""Operator commands for CCCD data; exit code 2 when the input is refused.

cccd parse "001090000019|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|15082021"
cccd check 001090000019 --dob 1990-01-01 --sex male
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from identity.cccd import CccdError, parse_cccd_qr
from identity.idnumber import IdNumberError, Sex, parse_personal_id

# 1 is Django's code for any CommandError; 2 says "the data given was refused", like argparse.
REFUSED = 2


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"Ngày sinh không hợp lệ: {text!r} (viết theo dạng YYYY-MM-DD).", returncode=REFUSED
        ) from None


class Command(BaseCommand):
    help = "Đọc nội dung mã QR trên thẻ CCCD, kiểm tra số định danh cá nhân."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)

        parse = sub.add_parser("parse", help="Đọc nội dung mã QR, in ra JSON.")
        parse.add_argument("text", help="Nội dung mã QR, các trường ngăn cách bởi “|”.")

        check = sub.add_parser("check", help="Kiểm tra số định danh cá nhân 12 chữ số.")
        check.add_argument("number")
        check.add_argument("--dob", help="Ngày sinh, YYYY-MM-DD.")
        check.add_argument("--sex", choices=[s.value for s in Sex])

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['action']}")
        handler(options)

    def _parse(self, options: dict[str, Any]) -> None:
        try:
            record = parse_cccd_qr(options["text"])
        except CccdError as exc:
            raise CommandError(exc.message, returncode=REFUSED) from None
        self.stdout.write(json.dumps(record.as_json(), ensure_ascii=False, indent=2))

    def _check(self, options: dict[str, Any]) -> None:
        dob = _parse_date(options["dob"]) if options["dob"] else None
        sex = Sex(options["sex"]) if options["sex"] else None
        try:
            number = parse_personal_id(options["number"].strip(), date_of_birth=dob, sex=sex)
        except IdNumberError as exc:
            raise CommandError(exc.message, returncode=REFUSED) from None
        self.stdout.write(
            f"{number.number}: hợp lệ\n"
            f"Nơi đăng ký khai sinh: {number.province_code} {number.province_name}\n"
            f"Giới tính: {number.sex.label}\n"
            f"Thế kỷ sinh: {number.century}–{number.century + 99}\n"
            f"Năm sinh: {number.birth_year}"
        )
