"""Load the demo province: Hà Nội's units, its 126 commune centres, demo accounts, the catalog.

Idempotent: running it again changes nothing (passwords of existing accounts are kept).
Refused when DEBUG is off unless --allow-production: demo passwords are public.

``demo references [--out docs/references] [--dpi 60]``: check every declaration and result in
the database with pdfsig (exit 1, saying which, when one is not valid), then render their pages
into the folder with a README.md listing them (demo/references.py).
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
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
        sub = parser.add_subparsers(dest="action", required=False, parser_class=ArgumentParser)
        references = sub.add_parser(
            "references",
            help="Kiểm tra tờ khai và kết quả bằng pdfsig, rồi xuất ảnh từng trang để đối chiếu.",
        )
        references.add_argument(
            "--out", default="docs/references", help="Thư mục ảnh (mặc định docs/references)."
        )
        references.add_argument(
            "--dpi", type=int, default=60, help="Độ phân giải ảnh (mặc định 60)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("action") == "references":
            self.references(Path(options["out"]), dpi=options["dpi"])
            return
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

    def references(self, out: Path, *, dpi: int) -> None:
        from demo.references import NotValid, export
        from documents.poppler import PDFSIG, PDFTOPPM

        missing = [tool for tool in (PDFSIG, PDFTOPPM) if not Path(tool).exists()]
        if missing:
            raise CommandError(f"Chưa cài {', '.join(missing)} (gói poppler-utils).")
        if dpi < 10:
            raise CommandError("--dpi phải từ 10 trở lên.")
        try:
            written = export(out, dpi=dpi)
        except NotValid as exc:
            raise CommandError(f"Không xuất ảnh đối chiếu, văn bản không đạt: {exc}") from None
        if not written:
            raise CommandError("Không có tờ khai hay kết quả nào trong cơ sở dữ liệu.")
        pages = sum(len(ref.pages) for ref in written)
        self.stdout.write(
            f"Đã kiểm tra bằng pdfsig và xuất {len(written)} văn bản ({pages} trang) vào {out}."
        )
