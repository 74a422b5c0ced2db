from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from core.testing import create_citizen
from documents.signing import verify_pdf
from dossiers import actions
from dossiers.actors import person
from dossiers.models import Dossier, Slip
from dossiers.slips import lookup_url, render_slip_pdf
from dossiers.tasks import issue_pending_slip
from dossiers.testing import Office, create_dossier, create_procedure, create_received_dossier
from workdays.calendar import TZ


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return unicodedata.normalize("NFC", " ".join(page.extract_text() for page in pages))


def words(text: str) -> str:
    return " ".join(text.split())


class SlipRenderingTestCase(TestCase):
    """Each slip kind renders to a one-page PDF whose text reads back in Vietnamese."""

    office: Office
    dossier: Dossier

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        version = create_procedure(days=3, name="Cấp Giấy xác nhận tình trạng hôn nhân")
        citizen = create_citizen(full_name="Nguyễn Văn Ấn")
        with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=TZ), tick=False):
            received = create_received_dossier(version, cls.office, applicant=citizen)
            component = received.components.first().component_id
            actions.request_supplement(
                received,
                actor=person(cls.office.specialist),
                component_ids=[component],
                reason="Ảnh mờ",
            )
            refused = create_dossier(version, cls.office, applicant=citizen)
            actions.refuse_dossier(
                refused, actor=person(cls.office.desk), reason="Không đúng thẩm quyền"
            )
            late = create_received_dossier(version, cls.office, applicant=citizen)
            actions.issue_apology(
                late, actor=person(cls.office.leader), extra_working_days=2, reason="Chờ xác minh"
            )
            stopped = create_received_dossier(version, cls.office, applicant=citizen)
            actions.request_withdrawal(stopped, actor=person(citizen), reason="Không cần nữa")
            actions.stop_dossier(
                stopped, actor=person(cls.office.desk), reason="Công dân rút hồ sơ"
            )
        cls.dossier = received

    def render(self, kind: str) -> str:
        return words(text_of(render_slip_pdf(Slip.objects.filter(kind=kind).earliest("pk"))))

    def test_the_receipt_gives_the_code_the_applicant_and_the_due_date(self) -> None:
        text = self.render("receipt")
        self.assertIn("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", text)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("Nguyễn Văn Ấn", text)
        self.assertIn("04/06/2026", text)  # three working days after Monday 1 June

    def test_the_supplement_request_lists_what_is_missing_and_why(self) -> None:
        text = self.render("supplement")
        self.assertIn("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", text)
        self.assertIn("Ảnh mờ", text)
        self.assertIn("một lần", text)

    def test_the_refusal_gives_the_reason(self) -> None:
        text = self.render("refusal")
        self.assertIn("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", text)
        self.assertIn("Không đúng thẩm quyền", text)

    def test_the_apology_gives_the_new_date(self) -> None:
        text = self.render("apology")
        self.assertIn("xin lỗi", text)
        self.assertIn("08/06/2026", text)

    def test_the_stop_notice_gives_the_reason(self) -> None:
        self.assertIn("Công dân rút hồ sơ", self.render("stop"))

    def test_each_slip_is_one_page(self) -> None:
        for slip in Slip.objects.all():
            self.assertEqual(len(PdfReader(io.BytesIO(render_slip_pdf(slip))).pages), 1, slip.kind)

    def test_the_qr_code_opens_the_public_lookup_for_the_dossier(self) -> None:
        url = lookup_url(self.dossier.code)
        self.assertTrue(url.endswith(f"/tra-cuu/?ma={self.dossier.code}"))
        page = self.client.get(url.split("8000", 1)[-1])
        self.assertContains(page, f'value="{self.dossier.code}"')

    def test_the_applicant_downloads_their_slip(self) -> None:
        slip = self.dossier.slips.first()
        issue_pending_slip(slip.pk)  # what the worker does once the slip is issued
        assert self.dossier.applicant is not None
        self.client.force_login(self.dossier.applicant)
        response = self.client.get(reverse("portal:slip", args=[self.dossier.code, slip.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(verify_pdf(response.content).valid)

    def test_another_citizen_cannot_download_it(self) -> None:
        slip = self.dossier.slips.first()
        self.client.force_login(create_citizen())
        response = self.client.get(reverse("portal:slip", args=[self.dossier.code, slip.pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_officer_downloads_it_from_the_back_office(self) -> None:
        slip = self.dossier.slips.first()
        issue_pending_slip(slip.pk)
        self.client.force_login(self.office.desk)
        response = self.client.get(reverse("backoffice:slip", args=[self.dossier.code, slip.pk]))
        self.assertEqual(response.status_code, 200)
