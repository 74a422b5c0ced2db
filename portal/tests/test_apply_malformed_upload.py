from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.tests import crafted
from documents.tests.crafted import TiffPage
from dossiers.models import Dossier
from portal.tests.base import PortalTestCase


class ApplyWithMalformedUploadTestCase(PortalTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.citizen)
        self.form_component.accepted_file_types = ["pdf", "tif"]
        self.form_component.save()

    def test_it_shows_the_form_error_for_a_tiff_its_parser_cannot_read(self) -> None:
        # A later page with an unknown compression makes Pillow raise KeyError: once a 500.
        data = crafted.tiff([TiffPage(10, 10), TiffPage(10, 10, compression=10825)])
        upload = SimpleUploadedFile("scan.tif", data)
        with self.assertLogs("documents.checks", "ERROR"):
            response = self.client.post(self.apply_url(), self.application(tp_1=upload))
        self.assertContains(response, "Tệp “scan.tif”: Không đọc được tệp")
        self.assertContains(response, "govuk-error-summary")
        self.assertFalse(Dossier.objects.exists())

    def test_it_shows_the_form_error_for_a_tiff_page_without_dimensions(self) -> None:
        data = crafted.tiff([TiffPage(10, 10), TiffPage(10, 10, dimensions=False)])
        upload = SimpleUploadedFile("scan.tif", data)
        response = self.client.post(self.apply_url(), self.application(tp_1=upload))
        self.assertContains(response, "trang 2 không ghi kích thước")
        self.assertFalse(Dossier.objects.exists())
