"""Signing through a remote signing service (CSC API v1) served on 127.0.0.1."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from documents import csc, pki, signing
from documents.testing import pdf_bytes
from documents.trustservices import CSCService

HOLDER = signing.Holder.unit("000.10.04.H26", "UBND Phường Hoàn Kiếm")


class CSCTests(SimpleTestCase):
    def setUp(self) -> None:
        csc.csc_signer.cache_clear()
        self.addCleanup(csc.csc_signer.cache_clear)
        staging = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, staging)
        self.service = CSCService(pin="2468").__enter__()
        self.addCleanup(self.service.__exit__)
        made = pki.demo_pkcs12(staging / "seal.p12", HOLDER.name)
        self.service.add(HOLDER.label, made.read_bytes(), pki.PASSWORD)

    def configured(self, **extra):
        values = {
            "MOTCUA_SIGNER": "csc",
            "MOTCUA_CSC_URL": self.service.url,
            "MOTCUA_CSC_TOKEN": self.service.token,
            "MOTCUA_CSC_PIN": "2468",
        }
        return override_settings(**{**values, **extra})

    def sign(self, holder: signing.Holder = HOLDER) -> bytes:
        return signing.sign_pdf(
            pdf_bytes(), holder, field_name="ChuKyDonVi", reason="Thử", location="Hà Nội"
        )

    def test_the_service_signs_the_hash_and_the_signature_is_valid(self) -> None:
        with self.configured():
            signed = self.sign()
        [check] = signing.verify_pdf(signed).signatures
        self.assertTrue(check.valid)
        self.assertIn("UBND Phường Hoàn Kiếm", check.signer)
        self.assertEqual(
            self.service.calls, ["credentials/info", "credentials/authorize", "signatures/signHash"]
        )

    def test_the_certificate_chain_is_read_once_per_process(self) -> None:
        with self.configured():
            self.sign()
            self.sign()
        self.assertEqual(self.service.calls.count("credentials/info"), 1)

    def test_a_wrong_token_is_a_clear_error(self) -> None:
        with (
            self.configured(MOTCUA_CSC_TOKEN="sai"),
            self.assertRaisesMessage(signing.SignatureError, "HTTP 401"),
        ):
            self.sign()

    def test_a_wrong_pin_is_refused(self) -> None:
        with (
            self.configured(MOTCUA_CSC_PIN="0000"),
            self.assertRaisesMessage(signing.SignatureError, "credentials/authorize"),
        ):
            self.sign()

    def test_an_unknown_credential_is_a_clear_error(self) -> None:
        with (
            self.configured(),
            self.assertRaisesMessage(signing.SignatureError, "credentials/info"),
        ):
            self.sign(signing.Holder.unit("000.99.99.H26", "Không có"))

    def test_an_unreachable_service_is_a_clear_error(self) -> None:
        with (
            self.configured(MOTCUA_CSC_URL="http://127.0.0.1:9"),
            self.assertRaisesMessage(signing.SignatureError, "Không gọi được"),
        ):
            self.sign()
