"""``manage.py partitions``: the tables partitioned by month and their months; ``--ensure``
creates the months ahead now (the worker does it as a sweep)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core import partitions


class Command(BaseCommand):
    help = "List the tables partitioned by month (PostgreSQL); --ensure creates the months ahead."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--ensure", action="store_true", help="create the partitions of the months ahead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["ensure"]:
            for name in partitions.ensure():
                self.stdout.write(f"created {name}")
        tables = partitions.partitioned_tables()
        if not tables:
            self.stdout.write("No table is partitioned here (partitions need PostgreSQL).")
        for table in tables:
            months = ", ".join(f"{month:%m/%Y}" for month in table.months) or "-"
            self.stdout.write(
                f"{table.table} by month on {table.column}: {len(table.months)} months ({months}); "
                f"{table.default_rows} rows in the default partition"
            )
