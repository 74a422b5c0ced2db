"""The single-page form keeps a file uploaded with a POST that fails."""

from __future__ import annotations

from dossiers.models import Dossier, Draft
from portal.tests.base import PortalTestCase, pdf


class ApplyKeepsFilesTestCase(PortalTestCase):
    def setUp(self):
        self.client.force_login(self.citizen)

    def test_it_keeps_the_file_when_another_field_is_wrong(self):
        data = self.application(applicant_phone="12ab", tp_1=pdf("to-khai-cua-toi.pdf"))
        response = self.client.post(self.apply_url(), data)
        self.assertContains(response, "Số điện thoại gồm 10 hoặc 11 chữ số")
        self.assertContains(response, "Đã tải lên: to-khai-cua-toi.pdf")
        draft = Draft.objects.get()
        self.assertEqual(str(draft.key), data["submission_key"])
        self.assertEqual(draft.files.get().component, self.form_component)
        self.assertFalse(Dossier.objects.exists())

    def test_the_kept_file_is_submitted_without_uploading_it_again(self):
        data = self.application(applicant_phone="12ab", tp_1=pdf("to-khai-cua-toi.pdf"))
        self.client.post(self.apply_url(), data)
        self.client.post(self.apply_url(), {**data, "applicant_phone": "0987654321", "tp_1": ""})
        item = Dossier.objects.get().components.get(component=self.form_component)
        self.assertEqual(item.original_name, "to-khai-cua-toi.pdf")
