"""Operator commands for dossiers.

dossiers verify-chain            check every dossier's hash-chained history and the latest valid
                                 signed anchor of the chains; exit 1 on a break
dossiers verify-chain --anchors 0     check against every anchor, not only the latest
dossiers anchor-chains           sign and export an anchor of every chain now (dossiers.anchors)
dossiers anchor-chains --every 3600   keep anchoring every hour (`make run` does)
dossiers scan-deadlines          mark open dossiers due soon / overdue (run it from cron)
dossiers scan-deadlines --every 600   keep scanning every 10 minutes (`make run` does)
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# Each subcommand imports what it needs when it runs: the signer (pyHanko, fontTools) only for
# the anchors, so the deadline scan, run from cron, starts in a fraction of a second.


class Command(BaseCommand):
    help = "Hồ sơ: kiểm tra chuỗi sự kiện, neo chuỗi sự kiện, quét thời hạn."
    # Not the system checks: they import every view (the URL check) on each start, and
    # ``manage.py check`` and the web server run them anyway.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        verify = sub.add_parser(
            "verify-chain", help="Kiểm tra tính toàn vẹn lịch sử của mọi hồ sơ."
        )
        verify.add_argument(
            "--anchors", type=int, default=1, help="Số neo mới nhất cần đối chiếu (0: mọi neo)."
        )
        anchor = sub.add_parser("anchor-chains", help="Ký và lưu neo chuỗi sự kiện của mọi hồ sơ.")
        anchor.add_argument("--every", type=int, default=0, help="Lặp lại sau mỗi N giây.")
        scan = sub.add_parser("scan-deadlines", help="Đánh dấu hồ sơ sắp đến hạn, quá hạn.")
        scan.add_argument("--every", type=int, default=0, help="Lặp lại sau mỗi N giây.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify-chain":
            self.verify(options["anchors"])
            return
        while True:
            if options["action"] == "anchor-chains":
                self.anchor(looping=options["every"] > 0)
            else:
                from dossiers.actions.deadlines import scan_deadlines

                counts = scan_deadlines()
                self.stdout.write(
                    f"Quá hạn mới: {counts['overdue']}; sắp đến hạn mới: {counts['due_soon']}."
                )
            if options["every"] <= 0:
                return
            time.sleep(options["every"])

    def verify(self, latest: int) -> None:
        from dossiers import anchors
        from dossiers.events import verify_all

        problems: list[object] = list(verify_all())
        report = anchors.verify_anchors(latest=latest)
        problems.extend(report.problems)
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"Chuỗi sự kiện bị phá vỡ ở {len(problems)} chỗ.")
        self.stdout.write("Chuỗi sự kiện của mọi hồ sơ toàn vẹn.")
        for line in report.checked:
            self.stdout.write(line)
        if not report.checked:
            self.stdout.write("Chưa có neo chuỗi sự kiện nào (dossiers anchor-chains).")

    def anchor(self, *, looping: bool) -> None:
        from dossiers import anchors

        try:
            anchor = anchors.make_anchor()
        except anchors.AnchorError as exc:
            if not looping:
                raise CommandError(str(exc)) from exc
            self.stderr.write(f"{exc.code}: {exc}")  # the next round tries again
            return
        stamp = "có dấu thời gian" if anchor.timestamped else "không có dấu thời gian"
        self.stdout.write(
            f"Đã neo {anchor.dossier_count} hồ sơ: {anchor.name} ({stamp}), "
            f"ký bởi con dấu của {anchor.signer_unit}."
        )
