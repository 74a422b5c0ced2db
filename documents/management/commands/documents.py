"""Stored documents.

``documents verify FILE.pdf``: report the signatures of a PDF; exit 1 when it is not valid.
``documents audit [--pdfsig]``: check every issued document: the stored file is there, still has
the SHA-256 recorded when it was issued, and valid signatures not followed by changes (and, with
``--pdfsig``, poppler's pdfsig agrees); every problem is listed, and the exit is 1 at the end when
any document has one.
``documents gc [--dry-run] [--older-than-hours N]``: remove the stored files that no row
references and that were last saved more than N hours ago (24 by default), so that files of
uploads still in progress stay.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.signing import describe, verify_pdf
from documents.storage import ContentAddressedMixin, collect_garbage

if TYPE_CHECKING:
    from documents.models import IssuedDocument


class Command(BaseCommand):
    help = "Tài liệu: kiểm tra chữ ký số của tệp PDF; dọn các tệp không còn dùng."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
        verify = sub.add_parser("verify", help="Kiểm tra chữ ký số của một tệp PDF.")
        verify.add_argument("file")
        audit = sub.add_parser("audit", help="Kiểm tra mọi văn bản đã ban hành.")
        audit.add_argument(
            "--pdfsig", action="store_true", help="Kiểm tra thêm bằng pdfsig (poppler-utils)."
        )
        gc = sub.add_parser("gc", help="Xóa các tệp đã lưu mà không còn bản ghi nào dùng đến.")
        gc.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không xóa (count only).")
        gc.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Chỉ xóa tệp lưu lần cuối quá N giờ (mặc định 24; tối thiểu 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "gc":
            self.collect(dry_run=options["dry_run"], hours=options["older_than_hours"])
        elif options["action"] == "audit":
            self.audit(pdfsig=options["pdfsig"])
        else:
            self.verify(Path(options["file"]))

    def verify(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}") from None
        report = verify_pdf(data)
        self.stdout.write(describe(report))
        if not report.valid:
            raise CommandError(f"Tệp không có chữ ký số hợp lệ: {report.label}.")

    def audit(self, *, pdfsig: bool) -> None:
        from documents.models import IssuedDocument
        from documents.poppler import PDFSIG

        if pdfsig and not Path(PDFSIG).exists():
            raise CommandError("Chưa cài pdfsig (gói poppler-utils).")
        failed = checked = 0
        for document in IssuedDocument.objects.order_by("pk").iterator():
            checked += 1
            problems = self.audit_one(document, pdfsig=pdfsig)
            if problems:
                failed += 1
                self.stdout.write(f"{document.code} {document.title}: " + "; ".join(problems))
        self.stdout.write(f"Đã kiểm tra {checked} văn bản; không hợp lệ: {failed}.")
        if failed:
            raise CommandError(f"{failed} văn bản không hợp lệ.")

    def audit_one(self, document: IssuedDocument, *, pdfsig: bool) -> list[str]:
        """What is wrong with one issued document; a file that cannot be read is one more
        problem, never the end of the audit."""
        from documents.poppler import pdfsig_validations

        try:
            with document.file.open("rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            return [f"không tìm thấy tệp đã lưu {document.file.name}"]
        except Exception as exc:  # a storage failure for one file: report it and go on
            return [f"không đọc được tệp đã lưu {document.file.name} ({exc})"]
        problems = []
        report = verify_pdf(data)
        if report.sha256 != document.sha256:
            problems.append(
                f"SHA-256 khác bản đã ghi khi ban hành ({report.sha256} ≠ {document.sha256})"
            )
        if not report.valid:
            problems.append(report.error or report.label)
        if pdfsig:
            answers = pdfsig_validations(data)
            if not answers or any(a != "Signature is Valid." for a in answers):
                problems.append("pdfsig: " + ", ".join(answers or ["không có chữ ký"]))
        return problems

    def collect(self, *, dry_run: bool, hours: int) -> None:
        if hours < 1:
            # A younger file may belong to an upload whose row is not written yet.
            raise CommandError("--older-than-hours phải từ 1 trở lên.")
        storage = storages["default"]
        if not isinstance(storage, ContentAddressedMixin):
            raise CommandError(
                "Kho tệp mặc định không lưu theo nội dung (documents.storage): không dọn được."
            )
        result = collect_garbage(storage, older_than=timedelta(hours=hours), dry_run=dry_run)
        removed = "Sẽ xóa (chạy thử, chưa xóa gì)" if dry_run else "Đã xóa"
        self.stdout.write(
            f"Giữ lại: {result.kept} tệp. {removed}: {result.removed} tệp, "
            f"giải phóng {result.freed} byte."
        )
