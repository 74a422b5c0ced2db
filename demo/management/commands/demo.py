"""Load the demo province: Hà Nội's units, its 126 commune centres, demo accounts, the catalog.

Idempotent: running it again changes nothing (passwords of existing accounts are kept).
Refused when DEBUG is off unless --allow-production: demo passwords are public.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.builders import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa: đơn vị Hà Nội, tài khoản mẫu, danh mục thủ tục."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Cho phép chạy khi DEBUG=false (mật khẩu mẫu là công khai).",
        )
        parser.add_argument("--quiet-accounts", action="store_true", help="Không in tài khoản.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Hệ thống đang chạy chế độ production (DEBUG=false): không nạp tài khoản mẫu "
                "có mật khẩu công khai. Dùng --allow-production nếu thật sự muốn."
            )
        summary = load_demo()
        self.stdout.write(summary.describe())
        if not options["quiet_accounts"]:
            self.stdout.write(f"\nTài khoản minh họa (mật khẩu chung: {DEMO_PASSWORD}):")
            for username, full_name, role in summary.accounts:
                self.stdout.write(f"  {username:<22} {full_name:<28} {role}")
