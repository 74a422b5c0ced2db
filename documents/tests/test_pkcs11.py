"""Signing with a key held in a PKCS#11 token (SoftHSM2), as a unit's HSM would."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path
from unittest import skipUnless

from django.test import SimpleTestCase, override_settings

from documents import pki, signing
from documents.testing import pdf_bytes
from documents.trustservices import SoftHSMToken

MODULE = "/usr/lib/softhsm/libsofthsm2.so"


@cache
def token() -> SoftHSMToken:
    """One token per test process (SoftHSM reads its configuration once)."""
    return SoftHSMToken(Path(tempfile.mkdtemp(prefix="motcua-hsm-")), module=MODULE)


@skipUnless(Path(MODULE).exists(), "softhsm2 is not installed (scripts/system-packages.sh)")
class PKCS11Tests(SimpleTestCase):
    def setUp(self) -> None:
        self.token = token()
        self.hsm = override_settings(
            MOTCUA_SIGNER="pkcs11",
            MOTCUA_PKCS11_MODULE=MODULE,
            MOTCUA_PKCS11_TOKEN=self.token.label,
            MOTCUA_PKCS11_PIN=self.token.pin,
        )

    def test_a_unit_signs_with_its_key_in_the_token(self) -> None:
        holder = signing.Holder.unit("000.10.04.H26", "UBND Phường Hoàn Kiếm")
        staging = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, staging)
        made = pki.demo_pkcs12(staging / "seal.p12", holder.name)
        self.token.add(holder.label, made.read_bytes(), pki.PASSWORD)
        with self.hsm:
            signed = signing.sign_pdf(
                pdf_bytes(), holder, field_name="ChuKyDonVi", reason="Thử", location="Hà Nội"
            )
        [check] = signing.verify_pdf(signed).signatures
        self.assertTrue(check.valid, check)
        self.assertIn("UBND Phường Hoàn Kiếm", check.signer)

    def test_a_missing_key_is_a_clear_error(self) -> None:
        holder = signing.Holder.unit("000.99.99.H26", "Không có khóa")
        with self.hsm, self.assertRaisesMessage(signing.SignatureError, "Ký số không thành công"):
            signing.sign_pdf(pdf_bytes(), holder, field_name="A", reason="r", location="HN")

    def test_a_wrong_token_is_a_clear_error(self) -> None:
        holder = signing.Holder.unit("000.10.04.H26", "UBND Phường Hoàn Kiếm")
        with (
            self.hsm,
            override_settings(MOTCUA_PKCS11_TOKEN="khong-co"),
            self.assertRaisesMessage(signing.SignatureError, "thiết bị ký số"),
        ):
            signing.sign_pdf(pdf_bytes(), holder, field_name="A", reason="r", location="HN")
