"""QR codes and links printed in issued documents use the configured public address
(MOTCUA_PUBLIC_URL), not the address of the machine that made them."""

from __future__ import annotations

import io

import zxingcpp
from django.test import TestCase, override_settings
from PIL import Image

from documents.models import IssuedDocument
from documents.testing import pdf_text, render_png
from dossiers.slips import issue_slip
from dossiers.testing import Office, create_procedure, create_received_dossier

PUBLIC = "https://dichvucong.example.gov.vn"


@override_settings(MOTCUA_PUBLIC_URL=PUBLIC)
class PublicAddressTestCase(TestCase):
    document: IssuedDocument
    pdf: bytes

    @classmethod
    def setUpTestData(cls) -> None:
        office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm")
        dossier = create_received_dossier(create_procedure(), office)
        cls.document = issue_slip(dossier.slips.get())
        with cls.document.file.open("rb") as handle:
            cls.pdf = handle.read()

    def qr_texts(self) -> list[str]:
        image = Image.open(io.BytesIO(render_png(self.pdf, dpi=150))).convert("L")
        return [code.text for code in zxingcpp.read_barcodes(image) if code.text]

    def test_the_printed_link_is_on_the_public_address(self) -> None:
        self.assertIn(f"{PUBLIC}/van-ban/{self.document.code}/", pdf_text(self.pdf))

    def test_the_qr_code_opens_the_document_at_the_public_address(self) -> None:
        self.assertIn(f"{PUBLIC}/van-ban/{self.document.code}/", self.qr_texts())

    def test_every_qr_code_is_on_the_public_address(self) -> None:
        texts = self.qr_texts()
        self.assertTrue(texts)
        for text in texts:
            self.assertTrue(text.startswith(f"{PUBLIC}/"), text)
