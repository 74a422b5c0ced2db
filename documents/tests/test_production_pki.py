"""Production (DEBUG off) has no demo PKI: no demo key is made, the demo root is not trusted,
and signing without a configured certificate is refused, so no decision is taken."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase, override_settings

from documents import pki
from documents.models import IssuedDocument
from documents.signing import Holder, SignatureError, sign_pdf, verify_pdf
from documents.testing import pdf_bytes
from dossiers import actions
from dossiers.actors import person
from dossiers.models import Status
from dossiers.testing import Office, create_dossier_at_last_step, create_procedure

SEAL = Holder.unit("000.10.04.H26", "UBND Phường Hoàn Kiếm")


def seal(data: bytes) -> bytes:
    return sign_pdf(data, SEAL, field_name="ChuKyDonVi", reason="Thử", location="Hà Nội")


class ProductionDefaultTestCase(SimpleTestCase):
    def test_the_demo_pki_is_off_when_debug_is_off(self) -> None:
        environment = {k: v for k, v in os.environ.items() if k != "MOTCUA_DEMO_PKI"}
        environment.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="false",
            SECRET_KEY="q7V-2mZ_k9LpX4tR8wNc1bY6hJ3sDf5G",
            ALLOWED_HOSTS="motcua.example.vn",
        )
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from django.conf import settings; print(settings.MOTCUA_DEMO_PKI)",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.stdout.strip(), "False", result.stderr)


class WithoutDemoPKITestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def production(self) -> override_settings:
        return override_settings(MOTCUA_PKI_DIR=self.folder, MOTCUA_DEMO_PKI=False)

    def test_signing_without_a_certificate_is_refused_with_a_stable_code(self) -> None:
        with self.production(), self.assertRaises(SignatureError) as refused:
            seal(pdf_bytes())
        self.assertEqual(refused.exception.code, "signing.no_certificate")
        self.assertIn("Chưa có chứng thư số của UBND Phường Hoàn Kiếm", str(refused.exception))

    def test_a_certificate_file_without_a_password_set_is_refused_with_a_stable_code(self) -> None:
        with override_settings(MOTCUA_PKI_DIR=self.folder, MOTCUA_DEMO_PKI=True):
            seal(pdf_bytes())  # the unit's PKCS#12 file now exists
        with (
            self.production(),
            override_settings(MOTCUA_PKCS12_PASSWORD=""),
            self.assertRaises(SignatureError) as refused,
        ):
            seal(pdf_bytes())
        self.assertEqual(refused.exception.code, "signing.no_pkcs12_password")

    def test_no_demo_key_is_ever_made(self) -> None:
        with self.production(), self.assertRaises(RuntimeError):
            pki.demo_pkcs12(self.folder / "units" / "x.p12", "UBND Phường Hoàn Kiếm")
        self.assertEqual(list(self.folder.iterdir()), [])

    def test_the_demo_root_is_not_trusted(self) -> None:
        with override_settings(MOTCUA_PKI_DIR=self.folder):
            signed = seal(pdf_bytes())  # a demo certificate, made while the demo PKI was on
        with self.production():
            report = verify_pdf(signed)
        self.assertFalse(report.signatures[0].trusted)
        self.assertEqual(report.state, "untrusted")


class DecidingWithoutCertificateTestCase(TestCase):
    def test_signing_the_result_without_a_certificate_decides_nothing(self) -> None:
        office = Office.create(name="UBND Phường Hoàn Kiếm")
        dossier = create_dossier_at_last_step(create_procedure(), office)
        events = dossier.events.count()
        folder = self.enterContext(tempfile.TemporaryDirectory())
        with (
            override_settings(MOTCUA_PKI_DIR=Path(folder), MOTCUA_DEMO_PKI=False),
            self.assertRaisesMessage(actions.DossierError, "Chưa có chứng thư số"),
        ):
            actions.sign(dossier, actor=person(office.leader), result="Đồng ý cấp.")
        dossier.refresh_from_db()
        self.assertEqual(dossier.status, Status.IN_PROGRESS)
        self.assertIsNone(dossier.decided_at)
        self.assertEqual(dossier.events.count(), events)
        self.assertFalse(
            IssuedDocument.objects.filter(dossier_link__dossier=dossier, kind="result").exists()
        )
