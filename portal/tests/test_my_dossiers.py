from __future__ import annotations

from django.urls import reverse

from dossiers.models import Draft
from dossiers.testing import create_dossier
from portal.tests.base import PortalTestCase


class MyDossiersTestCase(PortalTestCase):
    url = reverse("portal:my_dossiers")

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}")

    def test_it_lists_only_the_users_own_dossiers_newest_first(self):
        older = create_dossier(self.version, self.office, applicant=self.citizen)
        newer = create_dossier(self.version, self.office, applicant=self.citizen)
        theirs = create_dossier(self.version, self.office, applicant=self.other)
        self.client.force_login(self.citizen)
        response = self.client.get(self.url)
        self.assertEqual(list(response.context["page"].object_list), [newer, older])
        self.assertContains(response, reverse("portal:dossier", args=[newer.code]))
        self.assertContains(response, self.version.name)
        self.assertContains(response, "Mới đăng ký, chờ tiếp nhận")
        self.assertNotContains(response, theirs.code)

    def test_it_pages_the_list(self):
        for _ in range(21):
            create_dossier(self.version, self.office, applicant=self.citizen)
        self.client.force_login(self.citizen)
        first = self.client.get(self.url)
        self.assertEqual(len(first.context["page"].object_list), 20)
        self.assertContains(first, "Trang 1/2")
        second = self.client.get(self.url, {"trang": 2})
        self.assertEqual(len(second.context["page"].object_list), 1)

    def test_it_lists_drafts_still_to_submit(self):
        draft = Draft.objects.create(owner=self.citizen, procedure_version=self.version)
        Draft.objects.create(owner=self.other, procedure_version=self.version)
        submitted = Draft.objects.create(
            owner=self.citizen,
            procedure_version=self.version,
            submitted=create_dossier(self.version, self.office, applicant=self.citizen),
        )
        self.client.force_login(self.citizen)
        response = self.client.get(self.url)
        self.assertEqual(list(response.context["drafts"]), [draft])
        self.assertContains(response, self.apply_url(f"nhap={draft.key}"))
        self.assertNotContains(response, str(submitted.key))

    def test_it_says_when_there_is_nothing_yet(self):
        self.client.force_login(self.citizen)
        self.assertContains(self.client.get(self.url), "Bạn chưa nộp hồ sơ nào.")
