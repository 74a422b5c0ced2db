from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from notifications.delivery import replay_queued


class Command(BaseCommand):
    help = "Thông báo: gửi lại các thông báo còn chờ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        replay = sub.add_parser("replay", help="Gửi các thông báo còn chờ quá N giây.")
        replay.add_argument("--older-than", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        count = replay_queued(options["older_than"])
        self.stdout.write(f"Đã xử lý {count} thông báo còn chờ.")
