"""A PDF changed after signing: an incremental update that replaces page 1's content leaves the
signatures' bytes intact but no longer covering the file. The verification page, the JSON API
and the command all say "modified after signing", and never "valid"."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from documents.signing import Holder, sign_pdf, verify_pdf
from documents.testing import overwrite_stored, pdf_bytes, read_stored, replace_first_page
from dossiers.models import Slip
from dossiers.slips import issue_slip
from dossiers.testing import Office, create_procedure, create_received_dossier

MODIFIED = "Tệp đã bị sửa đổi sau khi ký"
UNIT = Holder.unit("000.10.04.H26", "UBND Phường Hoàn Kiếm")
LEADER = Holder.person("lanhdao", "Nguyễn Văn An", "UBND Phường Hoàn Kiếm")


def signed() -> bytes:
    return sign_pdf(pdf_bytes(), UNIT, field_name="ChuKyDonVi", reason="Thử", location="Hà Nội")


def signed_twice() -> bytes:
    """Like a result: the leader signs, then the unit seals (a revision after the first)."""
    once = sign_pdf(pdf_bytes(), LEADER, field_name="ChuKyLanhDao", reason="1", location="HN")
    return sign_pdf(once, UNIT, field_name="ChuKyDonVi", reason="2", location="HN")


class ModifiedAfterSigningTestCase(TestCase):
    def test_a_page_replaced_after_signing_is_modified_not_valid(self) -> None:
        report = verify_pdf(replace_first_page(signed()))
        [check] = report.signatures
        self.assertFalse(report.valid)
        self.assertTrue(check.intact)
        self.assertTrue(check.trusted)
        self.assertEqual(check.state, "modified")

    def test_a_page_replaced_after_both_signatures_invalidates_both(self) -> None:
        report = verify_pdf(replace_first_page(signed_twice()))
        self.assertEqual([s.valid for s in report.signatures], [False, False])
        self.assertEqual(report.state, "modified")

    def test_the_first_of_two_signatures_still_covers_the_file(self) -> None:
        first, second = verify_pdf(signed_twice()).signatures
        self.assertTrue(first.whole_file)
        self.assertEqual(first.modification, "FORM_FILLING")
        self.assertTrue(second.valid)

    def test_the_verify_api_reports_modified_after_signing(self) -> None:
        response = self.client.post(
            reverse("documents:api-verify"),
            replace_first_page(signed()),
            content_type="application/pdf",
        )
        body = response.json()
        self.assertFalse(body["valid"])
        self.assertEqual(body["state"], "modified")
        self.assertTrue(body["signatures"][0]["modified_after_signing"])
        self.assertTrue(body["signatures"][0]["intact"])

    def test_the_verification_page_shows_modified_after_signing(self) -> None:
        upload = SimpleUploadedFile(
            "van-ban.pdf", replace_first_page(signed()), content_type="application/pdf"
        )
        response = self.client.post(reverse("portal:verify"), {"file": upload})
        self.assertContains(response, MODIFIED)
        self.assertNotContains(response, "Chữ ký số hợp lệ")

    def test_the_verify_command_fails_and_says_modified_after_signing(self) -> None:
        folder = self.enterContext(tempfile.TemporaryDirectory())
        path = Path(folder) / "sua.pdf"
        path.write_bytes(replace_first_page(signed()))
        out = StringIO()
        with self.assertRaisesMessage(CommandError, MODIFIED):
            call_command("documents", "verify", str(path), stdout=out)
        self.assertIn(f"KHÔNG hợp lệ — {MODIFIED}", out.getvalue())


class StoredDocumentModifiedTestCase(TestCase):
    """The stored file of an issued document replaced by one with a page swapped after the
    signature: its public page and its JSON say so."""

    slip: Slip

    @classmethod
    def setUpTestData(cls) -> None:
        office = Office.create(name="UBND Phường Hoàn Kiếm")
        dossier = create_received_dossier(create_procedure(), office)
        cls.slip = dossier.slips.get()

    def setUp(self) -> None:
        media = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(override_settings(MEDIA_ROOT=media))
        self.document = issue_slip(self.slip)
        overwrite_stored(self.document, replace_first_page(read_stored(self.document)))

    def test_the_public_page_says_modified_after_signing(self) -> None:
        page = self.client.get(reverse("documents:public", args=[self.document.code]))
        self.assertContains(page, MODIFIED)
        self.assertNotContains(page, "Chữ ký số hợp lệ")

    def test_the_document_api_says_modified_after_signing(self) -> None:
        response = self.client.get(reverse("documents:api-document", args=[self.document.code]))
        verification = response.json()["verification"]
        self.assertFalse(verification["valid"])
        self.assertEqual(verification["state"], "modified")

    def test_the_audit_reports_the_document_modified_after_signing(self) -> None:
        out = StringIO()
        with self.assertRaises(CommandError):
            call_command("documents", "audit", stdout=out)
        self.assertIn(f"{self.document.code}", out.getvalue())
        self.assertIn(MODIFIED, out.getvalue())
