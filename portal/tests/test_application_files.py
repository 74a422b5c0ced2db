"""The attachments page asks only for what nothing else gives, and keeps each good file."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Component
from portal.tests.base import pdf
from portal.tests.eform_base import EformTestCase


class ApplicationFilesTestCase(EformTestCase):
    def setUp(self):
        super().setUp()
        self.draft = self.start()

    def test_it_never_asks_to_upload_the_declaration(self):
        for url in (
            self.url("application_files", self.draft),
            self.url("application_check", self.draft),
            *(self.section_url(self.draft, key) for key in ("about_you", "the_child")),
        ):
            response = self.client.get(url)
            self.assertNotContains(response, 'name="tp_1"')
            self.assertNotContains(response, 'name="tp_2"')
        page = self.client.get(self.url("application_files", self.draft))
        self.assertContains(page, 'name="tp_3"')
        self.assertContains(page, "Tờ khai — Là tờ khai điện tử bạn điền ở trên")
        self.assertContains(page, "Nhà nước đã có trong cơ sở dữ liệu")

    def test_it_keeps_a_good_file_when_another_is_refused(self):
        Component.objects.create(version=self.version, position=4, name="Giấy ủy quyền")
        response = self.client.post(
            self.url("application_files", self.draft),
            {"tp_3": pdf("chung-sinh.pdf"), "tp_4": SimpleUploadedFile("x.exe", b"MZ\x90\x00")},
        )
        self.assertContains(response, "Không nhận ra định dạng", status_code=400)
        self.assertContains(response, "Đã tải lên: chung-sinh.pdf", status_code=400)
        self.assertEqual(self.draft.files.get().component, self.paper)

    def test_it_replaces_a_file(self):
        url = self.url("application_files", self.draft)
        self.client.post(url, {"tp_3": pdf("cu.pdf")})
        self.client.post(url, {"tp_3": pdf("moi.pdf")})
        self.assertEqual(self.draft.files.get().original_name, "moi.pdf")
