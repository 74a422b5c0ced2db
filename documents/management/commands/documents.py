"""``documents verify FILE.pdf``: report the signatures of a PDF; exit 1 when it is not valid."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.signing import describe, verify_pdf


class Command(BaseCommand):
    help = "Tài liệu: kiểm tra chữ ký số của tệp PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        verify = sub.add_parser("verify", help="Kiểm tra chữ ký số của một tệp PDF.")
        verify.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}") from None
        report = verify_pdf(data)
        self.stdout.write(describe(report))
        if not report.valid:
            raise CommandError("Tệp không có chữ ký số hợp lệ.")
