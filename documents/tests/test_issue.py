"""Issued documents: slips stored once, results signed by the leader and the unit, both
accepted by an independent validator (poppler's pdfsig) and by our own."""

from __future__ import annotations

from pathlib import Path
from unittest import skipUnless

from django.test import TestCase

from accounts.models import User
from catalog.models import ProcedureVersion
from core.testing import create_citizen
from documents.models import IssuedDocument, StoredDocument
from documents.poppler import PDFSIG, pdfsig_validations
from documents.signing import verify_pdf
from documents.testing import render_png
from dossiers.models import Dossier, Status
from dossiers.slips import issue_slip
from dossiers.testing import (
    Office,
    create_decided_dossier,
    create_procedure,
    create_received_dossier,
)

HAS_PDFSIG = Path(PDFSIG).exists()


def read(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


class SlipIssueTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    dossier: Dossier

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        cls.version = create_procedure()
        cls.dossier = create_received_dossier(cls.version, cls.office)

    def test_a_slip_is_signed_and_stored_as_soon_as_it_is_issued(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            dossier = create_received_dossier(self.version, self.office)
        self.assertTrue(IssuedDocument.objects.filter(dossier_link__dossier=dossier).exists())

    def test_a_slip_is_issued_once_with_the_same_code_and_bytes(self) -> None:
        slip = self.dossier.slips.get()
        first, second = issue_slip(slip), issue_slip(slip)
        self.assertEqual(first.pk, second.pk)
        self.assertRegex(first.code, r"^VB-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
        self.assertEqual(IssuedDocument.objects.filter(dossier_link__slip=slip).count(), 1)

    def test_the_stored_slip_matches_its_recorded_hash_and_is_valid(self) -> None:
        document = issue_slip(self.dossier.slips.get())
        report = verify_pdf(read(document))
        self.assertEqual(report.sha256, document.sha256)
        self.assertTrue(report.valid)

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_the_slip_renders_as_an_a4_page_with_the_visible_stamp(self) -> None:
        import io

        from PIL import Image

        image = Image.open(io.BytesIO(render_png(read(issue_slip(self.dossier.slips.get())))))
        width, height = image.size
        self.assertAlmostEqual(height / width, 842 / 595, places=2)
        # The unit's stamp box (SEAL_BOX) is drawn bottom right: dark pixels there.
        box = image.convert("L").crop(
            (int(width * 315 / 595), int(height * (842 - 92) / 842), width, height)
        )
        darkest = box.getextrema()[0]
        self.assertLess(float(darkest), 100)  # type: ignore[arg-type]

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_pdfsig_finds_the_slip_signature_valid(self) -> None:
        document = issue_slip(self.dossier.slips.get())
        self.assertEqual(pdfsig_validations(read(document)), ["Signature is Valid."])


class ResultIssueTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    citizen: User
    dossier: Dossier
    result: IssuedDocument

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="UBND Phường Hoàn Kiếm")
        cls.version = create_procedure(
            name="Cấp Giấy xác nhận tình trạng hôn nhân",
            result_code="xac-nhan-tinh-trang-hon-nhan",
            result_valid_months=6,
        )
        cls.citizen = create_citizen(full_name="Trần Thị Bình")
        cls.dossier = create_decided_dossier(cls.version, cls.office, applicant=cls.citizen)
        cls.result = IssuedDocument.objects.get(dossier_link__dossier=cls.dossier, kind="result")

    def test_signing_the_last_step_issues_the_result(self) -> None:
        self.assertEqual(self.dossier.status, Status.DONE)
        self.assertEqual(self.result.title, self.version.result_name)
        event = self.dossier.events.get(type="signed")
        self.assertEqual(event.parameters["result_document"], self.result.code)

    def test_the_result_carries_the_leader_and_the_unit_signatures(self) -> None:
        report = verify_pdf(read(self.result))
        self.assertTrue(report.valid)
        self.assertEqual([s.field for s in report.signatures], ["ChuKyLanhDao", "ChuKyDonVi"])
        self.assertIn(self.office.leader.full_name, report.signatures[0].signer)
        self.assertIn("UBND Phường Hoàn Kiếm", report.signatures[1].signer)

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_pdfsig_finds_both_result_signatures_valid(self) -> None:
        self.assertEqual(pdfsig_validations(read(self.result)), ["Signature is Valid."] * 2)

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_one_changed_byte_is_invalid_for_pdfsig_and_for_us(self) -> None:
        data = bytearray(read(self.result))
        data[len(data) // 5] ^= 0x01
        self.assertNotIn("Signature is Valid.", pdfsig_validations(bytes(data)))
        self.assertFalse(verify_pdf(bytes(data)).valid)

    def test_the_result_lands_in_the_applicant_data_store(self) -> None:
        stored = StoredDocument.objects.get(document=self.result)
        self.assertEqual(stored.owner_id_number, self.citizen.personal_id)
        self.assertEqual(stored.document_type, "xac-nhan-tinh-trang-hon-nhan")
        decided_on = self.result.issued_at.date()
        assert stored.valid_until is not None
        self.assertGreater((stored.valid_until - decided_on).days, 180)


class AuditCommandTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        office = Office.create()
        create_decided_dossier(create_procedure(), office)

    @skipUnless(HAS_PDFSIG, "poppler-utils is not installed (scripts/system-packages.sh)")
    def test_the_audit_passes_every_issued_document(self) -> None:
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("documents", "audit", "--pdfsig", stdout=out)
        self.assertIn("không hợp lệ: 0", out.getvalue())

    def test_the_audit_fails_when_a_stored_file_was_replaced(self) -> None:
        from io import StringIO

        from django.core.management import CommandError, call_command

        IssuedDocument.objects.filter(kind="result").update(sha256="0" * 64)
        with self.assertRaises(CommandError):
            call_command("documents", "audit", stdout=StringIO())


class ControlSlipTestCase(TestCase):
    office: Office
    dossier: Dossier

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        cls.dossier = create_decided_dossier(create_procedure(), cls.office)

    def test_the_control_slip_lists_every_hand_over_and_is_signed(self) -> None:
        from django.urls import reverse

        from documents.tests.test_slips import text_of, words

        self.client.force_login(self.office.desk)
        response = self.client.get(reverse("backoffice:control_slip", args=[self.dossier.code]))
        text = words(text_of(response.content))
        self.assertIn("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", text)
        for label in ("Tiếp nhận hồ sơ", "Chuyển bước", "Ký kết quả"):
            self.assertIn(label, text)
        self.assertTrue(verify_pdf(response.content).valid)
