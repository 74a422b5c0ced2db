"""PAdES B-T and B-LT against a local timestamp authority and OCSP/CRL responder."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from documents import signing
from documents.testing import pdf_bytes
from documents.trustservices import TrustServices


class TrustServicesTestCase(SimpleTestCase):
    services: TrustServices
    folder: Path

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="motcua-ca-"))
        cls.services = TrustServices(cls.folder / "ca").__enter__()
        units = cls.folder / "pki" / "units"
        units.mkdir(parents=True)
        (units / "000.10.04.H26.p12").write_bytes(cls.services.pkcs12("seal", b"secret"))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.services.__exit__()
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def configured(self, **extra):
        values = {
            "MOTCUA_PKI_DIR": self.folder / "pki",
            "MOTCUA_PKCS12_PASSWORD": "secret",
            "MOTCUA_DEMO_PKI": False,
            "MOTCUA_TRUST_ROOTS": [str(self.services.root_pem)],
            "MOTCUA_TSA_URL": self.services.tsa_url,
        }
        return override_settings(**{**values, **extra})

    def sign(self) -> bytes:
        return signing.sign_pdf(
            pdf_bytes(),
            signing.Holder.unit("000.10.04.H26", "UBND Phường Hoàn Kiếm"),
            field_name="ChuKyDonVi",
            reason="Thử",
            location="Hà Nội",
        )


class TimestampTests(TrustServicesTestCase):
    def test_a_configured_timestamp_authority_gives_level_b_t(self) -> None:
        with self.configured(MOTCUA_SIGN_LTV=False):
            self.assertEqual(signing.level(), "B-T")
            [check] = signing.verify_pdf(self.sign()).signatures
        self.assertTrue(check.valid)
        self.assertTrue(check.timestamped)

    def test_without_a_timestamp_authority_the_level_is_b_b(self) -> None:
        with self.configured(MOTCUA_TSA_URL=""):
            self.assertEqual(signing.level(), "B-B")
            [check] = signing.verify_pdf(self.sign()).signatures
        self.assertTrue(check.valid)
        self.assertFalse(check.timestamped)

    def test_an_unreachable_timestamp_authority_is_a_clear_error(self) -> None:
        with (
            self.configured(MOTCUA_TSA_URL="http://127.0.0.1:9/tsa"),
            self.assertRaisesMessage(signing.SignatureError, "Ký số không thành công"),
        ):
            self.sign()


class LongTermTests(TrustServicesTestCase):
    def test_b_lt_embeds_revocation_data_and_validates_offline(self) -> None:
        with self.configured(MOTCUA_SIGN_LTV=True):
            self.assertEqual(signing.level(), "B-LT")
            signed = self.sign()
        self.assertIn(b"/DSS", signed)
        self.assertIn(b"/OCSPs", signed)
        with self.configured(MOTCUA_TSA_URL=""):  # validation fetches nothing
            [check] = signing.verify_pdf(signed).signatures
        self.assertTrue(check.valid)
        self.assertTrue(check.timestamped)
        self.assertTrue(check.whole_file)

    def test_a_b_lt_file_changed_by_one_byte_is_invalid(self) -> None:
        with self.configured(MOTCUA_SIGN_LTV=True):
            signed = bytearray(self.sign())
            signed[len(signed) // 4] ^= 0x01
            self.assertFalse(signing.verify_pdf(bytes(signed)).valid)
