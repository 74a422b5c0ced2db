"""Catalog operations for operators.

catalog import FILE.json     check the whole file, then load it in one transaction
catalog export [FILE.json]   write the catalog (stdout when no file is given)
catalog search "dang ky khai sinh"
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.models import ProcedureVersion
from catalog.search import search_versions
from catalog.transfer import CatalogImportError, export_catalog, load_catalog_file


class Command(BaseCommand):
    help = "Danh mục thủ tục: nhập, xuất JSON và tìm kiếm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        importer = sub.add_parser("import", help="Nhập danh mục từ tệp JSON.")
        importer.add_argument("file")
        exporter = sub.add_parser("export", help="Xuất danh mục ra JSON.")
        exporter.add_argument("file", nargs="?")
        search = sub.add_parser("search", help="Tìm thủ tục đang có hiệu lực.")
        search.add_argument("query")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            try:
                report = load_catalog_file(options["file"])
            except CatalogImportError as exc:
                lines = "\n".join(f"  - {error}" for error in exc.errors)
                raise CommandError(
                    f"Không nhập tệp {options['file']}: {len(exc.errors)} lỗi, "
                    f"chưa ghi gì vào hệ thống.\n{lines}"
                ) from None
            self.stdout.write(str(report))
        elif action == "export":
            text = json.dumps(export_catalog(), ensure_ascii=False, indent=2) + "\n"
            if options["file"]:
                Path(options["file"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
        else:
            found = search_versions(
                ProcedureVersion.objects.in_force().select_related("procedure"), options["query"]
            )
            for version in found[:20]:
                self.stdout.write(f"{version.procedure.code}\t{version.name}")
