from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import TOTPDevice, User
from accounts.oidc_local import LocalProvider


class Command(BaseCommand):
    help = "Tài khoản: đặt lại xác thực hai lớp; chạy nhà cung cấp định danh thử nghiệm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        reset = sub.add_parser(
            "reset-totp", help="Xóa thiết bị xác thực hai lớp; lần đăng nhập sau thiết lập lại."
        )
        reset.add_argument("username")
        provider = sub.add_parser(
            "oidc-provider",
            help="Chạy nhà cung cấp OpenID Connect thử nghiệm trên 127.0.0.1 (chỉ để phát triển).",
        )
        provider.add_argument("--port", type=int, default=8001)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reset-totp":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"Không có tài khoản {options['username']!r}.")
            count, _by_model = TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(f"Đã đặt lại xác thực hai lớp cho {user.username} ({count}).")
            return
        with LocalProvider(port=options["port"]) as provider:
            self.stdout.write(
                "Nhà cung cấp định danh thử nghiệm đang chạy. Khởi động MotCua với:\n"
                f"  MOTCUA_OIDC_ISSUER={provider.issuer}\n"
                f"  MOTCUA_OIDC_CLIENT_ID={provider.client_id}\n"
                f"  MOTCUA_OIDC_CLIENT_SECRET={provider.client_secret}\n"
                "Ctrl-C để dừng."
            )
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
