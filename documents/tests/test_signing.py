from __future__ import annotations

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from documents.signing import sign_pdf, unit_signer, verify_pdf
from documents.testing import pdf_bytes


class SigningTestCase(TestCase):
    """Real PAdES signatures with the demo PKI, checked by pyHanko's validator."""

    def setUp(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="motcua-pki-")
        self.override = override_settings(MOTCUA_PKI_DIR=Path(self.folder))
        self.override.enable()

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.folder, ignore_errors=True)

    def signed(self) -> bytes:
        signer = unit_signer("000.10.04.H26", "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        return sign_pdf(
            pdf_bytes(), signer, field_name="ChuKyDonVi", reason="Thử", location="Hà Nội"
        )

    def test_a_signed_pdf_is_intact_trusted_and_whole(self) -> None:
        report = verify_pdf(self.signed())
        self.assertTrue(report.valid)
        [check] = report.signatures
        self.assertIn("Phường Hoàn Kiếm", check.signer)
        self.assertTrue(check.whole_file)

    def test_the_demo_certificates_say_they_are_not_for_production(self) -> None:
        [check] = verify_pdf(self.signed()).signatures
        self.assertIn("not for production", check.signer)

    def test_changing_one_byte_breaks_the_signature(self) -> None:
        tampered = bytearray(self.signed())
        tampered[len(tampered) // 3] ^= 0x01
        self.assertFalse(verify_pdf(bytes(tampered)).valid)

    def test_an_unsigned_pdf_is_not_valid(self) -> None:
        report = verify_pdf(pdf_bytes())
        self.assertFalse(report.valid)
        self.assertIn("không có chữ ký", report.error)

    def test_a_signature_from_an_unknown_root_is_not_trusted(self) -> None:
        signed = self.signed()
        shutil.rmtree(self.folder)  # a different province: our root is not theirs
        unit_signer("000.00.00.H29", "Đơn vị khác")
        [check] = verify_pdf(signed).signatures
        self.assertTrue(check.intact)
        self.assertFalse(check.trusted)

    def test_the_command_reports_a_valid_file(self) -> None:
        path = Path(self.folder) / "ky.pdf"
        path.write_bytes(self.signed())
        out = StringIO()
        call_command("documents", "verify", str(path), stdout=out)
        self.assertIn("Kết luận: hợp lệ", out.getvalue())

    def test_the_command_fails_on_a_tampered_file(self) -> None:
        tampered = bytearray(self.signed())
        tampered[len(tampered) // 3] ^= 0x01
        path = Path(self.folder) / "sua.pdf"
        path.write_bytes(bytes(tampered))
        with self.assertRaises(CommandError):
            call_command("documents", "verify", str(path), stdout=StringIO())


class SignedInputTestCase(TestCase):
    def test_a_signed_pdf_can_be_signed_again_under_a_new_field(self) -> None:
        signer = unit_signer("000.10.04.H26", "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        once = sign_pdf(pdf_bytes(), signer, field_name="ChuKyDonVi", reason="1", location="HN")
        twice = sign_pdf(once, signer, field_name="ChuKyDonVi", reason="2", location="HN")
        report = verify_pdf(twice)
        self.assertTrue(report.valid)
        self.assertEqual([s.field for s in report.signatures], ["ChuKyDonVi", "ChuKyDonVi_2"])
