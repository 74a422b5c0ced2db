"""``documents audit``: every issued document is checked against the SHA-256 recorded when it
was issued; a missing, replaced or modified file is reported and the audit goes on to the next,
failing at the end."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from documents.signing import Holder, sign_pdf
from documents.testing import overwrite_stored, pdf_bytes, read_stored, replace_first_page
from dossiers.models import Slip
from dossiers.slips import issue_slip
from dossiers.testing import Office, create_procedure, create_received_dossier


class AuditTestCase(TestCase):
    slips: list[Slip]

    @classmethod
    def setUpTestData(cls) -> None:
        office = Office.create(name="UBND Phường Hoàn Kiếm")
        version = create_procedure()
        cls.slips = [create_received_dossier(version, office).slips.get() for _ in range(2)]

    def setUp(self) -> None:
        media = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(override_settings(MEDIA_ROOT=media))
        self.first, self.second = (issue_slip(slip) for slip in self.slips)

    def audit(self) -> str:
        out = StringIO()
        with self.assertRaises(CommandError):
            call_command("documents", "audit", stdout=out)
        return out.getvalue()

    def test_intact_documents_pass(self) -> None:
        out = StringIO()
        call_command("documents", "audit", stdout=out)
        self.assertIn("Đã kiểm tra 2 văn bản; không hợp lệ: 0.", out.getvalue())

    def test_a_missing_file_is_reported_and_the_next_document_is_still_checked(self) -> None:
        Path(self.first.file.path).unlink()
        overwrite_stored(self.second, replace_first_page(read_stored(self.second)))
        report = self.audit()
        self.assertIn(f"{self.first.code} {self.first.title}: không tìm thấy tệp đã lưu", report)
        self.assertIn(f"{self.second.code} {self.second.title}: SHA-256 khác", report)
        self.assertIn("Đã kiểm tra 2 văn bản; không hợp lệ: 2.", report)

    def test_a_file_replaced_by_another_validly_signed_file_is_reported(self) -> None:
        other = sign_pdf(
            pdf_bytes(),
            Holder.unit(self.first.issuer.code, self.first.issuer.name),
            field_name="ChuKyDonVi",
            reason="Khác",
            location="Hà Nội",
        )
        overwrite_stored(self.first, other)
        report = self.audit()
        self.assertIn(f"{self.first.code} {self.first.title}: SHA-256 khác", report)
        self.assertNotIn(self.second.code, report)
