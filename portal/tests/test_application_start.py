"""The apply page of a procedure with an e-form: start, prefill once, resume or start again."""

from __future__ import annotations

from django.urls import reverse

from core.testing import create_officer
from dossiers.models import Draft
from portal.application import EFORM
from portal.tests.eform_base import APPLICANT_ID, EformTestCase
from registry.models import Lookup


class ApplicationStartTestCase(EformTestCase):
    def test_it_offers_to_start_without_looking_anything_up(self):
        response = self.client.get(self.apply_url())
        self.assertContains(response, "Bắt đầu")
        self.assertContains(response, "Thời hạn giải quyết: 5 ngày làm việc")
        self.assertNotContains(response, 'name="tp_1"')
        self.assertFalse(Draft.objects.exists())
        self.assertFalse(Lookup.objects.exists())

    def test_it_prefills_the_draft_once_with_a_logged_lookup(self):
        draft = self.start()
        entry = Lookup.objects.get()
        self.assertEqual(entry.id_number, APPLICANT_ID)
        self.assertEqual(entry.actor, self.citizen)
        self.assertEqual(entry.purpose, f"Điền sẵn tờ khai trực tuyến: {self.version.name}")
        state = draft.data[EFORM]
        self.assertEqual(state["data"]["requester"]["full_name"], "Nguyễn Văn An")
        self.assertEqual(state["sources"]["requester.full_name"], "registry")
        self.assertEqual(state["locked"]["requester.id_number"], APPLICANT_ID)
        self.assertEqual(state["lookups"], [entry.pk])
        # The pages that follow do not ask the registry again.
        self.client.get(self.url("application", draft))
        self.client.get(self.section_url(draft, "about_you"))
        self.assertEqual(Lookup.objects.count(), 1)

    def test_it_preselects_the_unit_of_the_registered_residence(self):
        draft = self.start()
        self.assertEqual(draft.data["competent_unit"], self.office.unit.code)
        response = self.client.get(self.url("application", draft))
        self.assertContains(response, self.office.unit.name)

    def test_it_offers_the_draft_when_the_citizen_returns(self):
        draft = self.start()
        response = self.client.get(self.apply_url())
        self.assertContains(response, "Bạn có một bản nháp chưa nộp")
        self.assertContains(response, self.url("application", draft))
        self.assertContains(response, 'value="restart"')

    def test_it_starts_again_without_the_old_draft(self):
        old = self.start()
        self.post_section(old, "the_child", self.CHILD)
        response = self.client.post(self.apply_url(), {"action": "restart", "draft": old.key})
        new = Draft.objects.get()
        self.assertNotEqual(new.key, old.key)
        self.assertRedirects(response, self.url("application", new), fetch_redirect_response=False)
        self.assertNotIn("child", new.data[EFORM]["data"])

    def test_it_resumes_rather_than_starting_a_second_draft(self):
        first = self.start()
        self.client.post(self.apply_url(), {"action": "start"})
        self.assertEqual(Draft.objects.get(), first)

    def test_it_does_not_start_again_someone_elses_draft(self):
        draft = self.start()
        self.client.force_login(self.other)
        response = self.client.post(self.apply_url(), {"action": "restart", "draft": draft.key})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Draft.objects.filter(pk=draft.pk).exists())

    def test_it_hides_another_persons_draft(self):
        draft = self.start()
        self.client.force_login(self.other)
        self.assertEqual(self.client.get(self.url("application", draft)).status_code, 404)
        self.assertEqual(self.client.get(self.section_url(draft, "parents")).status_code, 404)

    def test_it_leads_a_saved_draft_link_to_its_task_list(self):
        draft = self.start()
        response = self.client.get(self.apply_url(f"nhap={draft.key}"))
        self.assertRedirects(
            response, self.url("application", draft), fetch_redirect_response=False
        )

    def test_it_lists_the_draft_in_my_dossiers(self):
        draft = self.start()
        response = self.client.get(reverse("portal:my_dossiers"))
        self.assertContains(response, f"nhap={draft.key}")

    def test_it_does_not_start_for_an_account_without_personal_id(self):
        self.client.force_login(create_officer(None))
        response = self.client.get(self.apply_url())
        self.assertContains(response, "chưa có số định danh cá nhân")
        self.client.post(self.apply_url(), {"action": "start"})
        self.assertFalse(Draft.objects.exists())
