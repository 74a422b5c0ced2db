"""``units sync``: load provinces, communes and the pre-2025 mapping from vietnam-provinces.

``units legacy "Tràng Tiền"`` shows which new communes an old ward became.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.text import fold
from units.models import LegacyWard
from units.sync import sync_administrative_units


class Command(BaseCommand):
    help = "Đơn vị hành chính: đồng bộ từ gói vietnam-provinces; tra địa danh cũ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        sub.add_parser("sync", help="Đồng bộ tỉnh, xã và bảng chuyển đổi địa danh cũ.")
        lookup = sub.add_parser("legacy", help="Tra xã, phường cũ sang đơn vị mới.")
        lookup.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sync":
            self.stdout.write(str(sync_administrative_units()))
            return
        matches = LegacyWard.objects.filter(folded_name__contains=fold(options["name"]))
        matches = matches.prefetch_related("successors__province")[:50]
        if not matches:
            raise CommandError(f"Không tìm thấy xã, phường cũ nào tên {options['name']!r}.")
        for old in matches:
            targets = "; ".join(str(unit) for unit in old.successors.all())
            self.stdout.write(f"{old} → {targets}")
