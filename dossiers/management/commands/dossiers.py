"""Operator commands for dossiers.

dossiers verify-chain            check every dossier's hash-chained history; exit 1 on a break
dossiers scan-deadlines          mark open dossiers due soon / overdue (run it from cron)
dossiers scan-deadlines --every 600   keep scanning every 10 minutes (`make run` does)
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dossiers.actions import scan_deadlines
from dossiers.events import verify_all


class Command(BaseCommand):
    help = "Hồ sơ: kiểm tra chuỗi sự kiện, quét thời hạn."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        sub.add_parser("verify-chain", help="Kiểm tra tính toàn vẹn lịch sử của mọi hồ sơ.")
        scan = sub.add_parser("scan-deadlines", help="Đánh dấu hồ sơ sắp đến hạn, quá hạn.")
        scan.add_argument("--every", type=int, default=0, help="Lặp lại sau mỗi N giây.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify-chain":
            problems = list(verify_all())
            for problem in problems:
                self.stderr.write(str(problem))
            if problems:
                raise CommandError(f"Chuỗi sự kiện bị phá vỡ ở {len(problems)} chỗ.")
            self.stdout.write("Chuỗi sự kiện của mọi hồ sơ toàn vẹn.")
            return
        while True:
            counts = scan_deadlines()
            self.stdout.write(
                f"Quá hạn mới: {counts['overdue']}; sắp đến hạn mới: {counts['due_soon']}."
            )
            if options["every"] <= 0:
                return
            time.sleep(options["every"])
