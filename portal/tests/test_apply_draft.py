from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.models import Dossier, DossierComponent, Draft
from dossiers.testing import create_procedure
from portal.tests.base import PortalTestCase, pdf


class ApplyDraftTestCase(PortalTestCase):
    def setUp(self):
        self.client.force_login(self.citizen)

    def save_draft(self, **overrides):
        fields = {"action": "draft", "applicant_address": "", "tp_1": None, **overrides}
        return self.client.post(self.apply_url(), self.application(**fields))

    def test_it_saves_a_half_filled_draft(self):
        response = self.save_draft(applicant_phone="0911222333", tp_1=pdf("to-khai-nhap.pdf"))
        draft = Draft.objects.get()
        self.assertRedirects(
            response, self.apply_url(f"nhap={draft.key}"), fetch_redirect_response=False
        )
        self.assertEqual(draft.owner, self.citizen)
        self.assertEqual(draft.procedure_version, self.version)
        self.assertEqual(draft.data["applicant_phone"], "0911222333")
        self.assertEqual(draft.data["competent_unit"], self.office.unit.code)
        self.assertNotIn("applicant_address", draft.data)
        self.assertEqual(draft.files.get().component, self.form_component)
        self.assertFalse(Dossier.objects.exists())

    def test_it_still_checks_the_files_of_a_draft(self):
        response = self.save_draft(tp_1=SimpleUploadedFile("virus.exe", b"MZ\x90\x00program"))
        self.assertContains(response, "Không nhận ra định dạng")
        self.assertFalse(Draft.objects.exists())

    def test_it_resumes_a_draft_with_its_values_and_files(self):
        self.save_draft(applicant_phone="0911222333", tp_1=pdf("to-khai-nhap.pdf"))
        draft = Draft.objects.get()
        response = self.client.get(self.apply_url(f"nhap={draft.key}"))
        self.assertContains(response, 'value="0911222333"')
        self.assertContains(response, f'value="{draft.key}"')
        self.assertContains(response, "Đã tải lên: to-khai-nhap")
        self.assertContains(response, "Bạn đang tiếp tục hồ sơ nháp")

    def test_it_submits_a_draft_without_uploading_its_files_again(self):
        self.save_draft(tp_1=pdf("to-khai-nhap.pdf"))
        draft = Draft.objects.get()
        response = self.client.post(
            self.apply_url(), self.application(submission_key=str(draft.key), tp_1=None)
        )
        dossier = Dossier.objects.get()
        self.assertRedirects(
            response, reverse("portal:dossier", args=[dossier.code]), fetch_redirect_response=False
        )
        self.assertEqual(dossier.submission_key, draft.key)
        item = dossier.components.get(component=self.form_component)
        self.assertEqual(item.state, DossierComponent.State.PROVIDED)
        self.assertEqual(item.original_name, "to-khai-nhap.pdf")
        self.assertEqual(item.file.read()[:5], b"%PDF-")
        draft.refresh_from_db()
        self.assertEqual(draft.submitted, dossier)

    def test_it_leads_from_a_submitted_draft_to_its_dossier(self):
        self.save_draft(tp_1=pdf())
        draft = Draft.objects.get()
        self.client.post(self.apply_url(), self.application(submission_key=str(draft.key)))
        dossier = Dossier.objects.get()
        response = self.client.get(self.apply_url(f"nhap={draft.key}"))
        self.assertRedirects(
            response, reverse("portal:dossier", args=[dossier.code]), fetch_redirect_response=False
        )
        # Submitting the same draft again creates nothing more.
        self.client.post(self.apply_url(), self.application(submission_key=str(draft.key)))
        self.assertEqual(Dossier.objects.count(), 1)

    def test_it_replaces_the_file_when_saved_again(self):
        self.save_draft(tp_1=pdf("cu.pdf"))
        draft = Draft.objects.get()
        self.save_draft(submission_key=str(draft.key), tp_1=pdf("moi.pdf"))
        self.assertEqual(Draft.objects.count(), 1)
        self.assertEqual(draft.files.get().original_name, "moi.pdf")

    def test_it_hides_another_persons_draft(self):
        self.save_draft()
        draft = Draft.objects.get()
        self.client.force_login(self.other)
        self.assertEqual(self.client.get(self.apply_url(f"nhap={draft.key}")).status_code, 404)
        response = self.save_draft(submission_key=str(draft.key), applicant_phone="0900000000")
        self.assertEqual(response.status_code, 403)
        draft.refresh_from_db()
        self.assertEqual(draft.data["applicant_phone"], "0987654321")

    def test_it_opens_a_draft_only_under_its_own_procedure(self):
        self.save_draft()
        draft = Draft.objects.get()
        other = create_procedure()
        url = reverse("portal:apply", args=[other.procedure.code])
        self.assertEqual(self.client.get(f"{url}?nhap={draft.key}").status_code, 404)

    def test_it_needs_the_key_of_the_form(self):
        for action in ("draft", "submit"):
            response = self.client.post(
                self.apply_url(), self.application(action=action, submission_key="")
            )
            self.assertContains(response, "Biểu mẫu không còn dùng được.")
        self.assertFalse(Draft.objects.exists())
        self.assertFalse(Dossier.objects.exists())

    def test_it_does_not_find_a_malformed_draft_key(self):
        self.assertEqual(self.client.get(self.apply_url("nhap=khong-phai")).status_code, 404)
