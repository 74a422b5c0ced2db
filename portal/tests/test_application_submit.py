"""Check your answers, submit, and the confirmation: the dossier carries the declaration and
where its values came from; a declaration refused goes back to its section; nothing is stored
for it."""

from __future__ import annotations

from catalog.models import Channel
from dossiers.declarations import FROM_EFORM
from dossiers.models import Dossier, DossierComponent, Draft, Status
from portal.tests.eform_base import APPLICANT_ID, MOTHER_ID, EformTestCase
from registry.models import Lookup

State = DossierComponent.State


class ApplicationSubmitTestCase(EformTestCase):
    def setUp(self):
        super().setUp()
        self.draft = self.start()

    def submit(self):
        return self.client.post(self.url("application_check", self.draft))

    def test_it_shows_the_answers_with_change_links_and_what_was_prefilled(self):
        self.fill_everything(self.draft)
        response = self.client.get(self.url("application_check", self.draft))
        self.assertContains(response, "Nguyễn Minh Khang")
        self.assertContains(response, "15/01/2026")
        self.assertContains(response, "Trần Thị Bình")
        self.assertContains(
            response, 'Nguyễn Văn An <strong class="govuk-tag govuk-tag--blue">Lấy từ Cơ sở'
        )
        self.assertContains(response, self.section_url(self.draft, "the_child") + "?tu=kiem-tra")
        self.assertContains(response, "Đã tải lên: chung-sinh.pdf")
        self.assertNotContains(response, "govuk-error-summary")

    def test_a_change_link_returns_to_the_check_page(self):
        self.fill_everything(self.draft)
        response = self.client.post(
            self.section_url(self.draft, "the_child") + "?tu=kiem-tra", self.CHILD
        )
        self.assertRedirects(
            response, self.url("application_check", self.draft), fetch_redirect_response=False
        )

    def test_it_submits_the_dossier_with_its_declaration_and_sources(self):
        self.fill_everything(self.draft)
        response = self.submit()
        dossier = Dossier.objects.get()
        self.assertRedirects(
            response, self.url("application_done", self.draft), fetch_redirect_response=False
        )
        self.assertEqual((dossier.status, dossier.channel), (Status.SUBMITTED, Channel.ONLINE))
        self.assertEqual(dossier.applicant, self.citizen)
        self.assertEqual(dossier.submission_key, self.draft.key)
        self.assertEqual(dossier.competent_unit, self.office.unit)
        self.assertEqual(dossier.applicant_phone, "0987654321")
        self.assertEqual(dossier.declaration["child"]["full_name"], "Nguyễn Minh Khang")
        self.assertEqual(dossier.declaration["mother"]["id_number"], MOTHER_ID)
        self.assertEqual(dossier.declaration["requester"]["id_number"], APPLICANT_ID)
        self.assertEqual(dossier.declaration_sources["mother.full_name"], "registry")
        self.assertEqual(dossier.declaration_sources["phone"], "account")
        self.assertNotIn("child.full_name", dossier.declaration_sources)
        self.assertTrue(dossier.declaration_schema_sha256)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.submitted, dossier)

    def test_the_declaration_component_is_the_eform_and_the_paper_is_the_upload(self):
        self.fill_everything(self.draft)
        self.submit()
        items = {i.component.position: i for i in Dossier.objects.get().components.all()}
        self.assertEqual((items[1].state, items[1].source), (State.PROVIDED, FROM_EFORM))
        self.assertEqual(items[2].state, State.FROM_DATA)
        self.assertEqual(
            (items[3].state, items[3].original_name), (State.PROVIDED, "chung-sinh.pdf")
        )

    def test_it_links_the_lookups_made_to_fill_the_form_to_the_dossier(self):
        self.fill_everything(self.draft)
        self.submit()
        dossier = Dossier.objects.get()
        self.assertEqual(Lookup.objects.filter(dossier_id=None).count(), 0)
        self.assertEqual(
            set(Lookup.objects.filter(dossier_id=dossier.pk).values_list("id_number", flat=True)),
            {APPLICANT_ID, MOTHER_ID},
        )

    def test_it_confirms_with_the_code_what_happens_next_and_how_they_will_hear(self):
        self.fill_everything(self.draft)
        response = self.client.get(self.submit()["Location"])
        dossier = Dossier.objects.get()
        self.assertContains(response, "govuk-panel--confirmation")
        self.assertContains(response, dossier.code)
        self.assertContains(response, "5 ngày làm việc, tính từ khi hồ sơ được tiếp nhận")
        self.assertContains(response, "nhắn tin đến số 0987654321")
        self.assertContains(response, f'href="/ho-so-cua-toi/{dossier.code}/"')

    def test_the_dossier_page_shows_the_declaration(self):
        self.fill_everything(self.draft)
        self.submit()
        dossier = Dossier.objects.get()
        response = self.client.get(f"/ho-so-cua-toi/{dossier.code}/")
        self.assertContains(response, "Tờ khai điện tử")
        self.assertContains(response, "Nguyễn Minh Khang")
        self.assertContains(response, "Lấy từ Cơ sở dữ liệu quốc gia về dân cư")

    def test_it_does_not_submit_twice(self):
        self.fill_everything(self.draft)
        self.submit()
        response = self.submit()
        self.assertEqual(Dossier.objects.count(), 1)
        self.assertRedirects(
            response, self.url("application_done", self.draft), fetch_redirect_response=False
        )

    def test_it_sends_a_refused_declaration_back_to_the_field(self):
        self.fill_everything(self.draft)
        self.post_section(self.draft, "the_child", {**self.CHILD, "child__place_of_birth": ""})
        response = self.submit()
        self.assertRedirects(
            response,
            self.section_url(self.draft, "the_child") + "?loi=1",
            fetch_redirect_response=False,
        )
        self.assertFalse(Dossier.objects.exists())
        page = self.client.get(response["Location"])
        self.assertContains(page, "Tờ khai còn 1 chỗ cần sửa: Nhập nơi sinh.")
        self.assertContains(
            page, '<p class="govuk-error-message" id="id_child__place_of_birth-error">'
        )
        self.assertIsNone(Draft.objects.get().submitted)

    def test_it_lists_what_is_missing_on_the_check_page(self):
        response = self.client.get(self.url("application_check", self.draft))
        self.assertContains(response, "Còn thông tin cần khai trước khi nộp")
        self.assertContains(response, "Nhập họ, chữ đệm, tên.")
        self.assertContains(response, "Chưa tải lên giấy tờ bắt buộc: Giấy chứng sinh.")

    def test_it_sends_a_missing_upload_to_the_attachments_page(self):
        self.fill_everything(self.draft)
        self.draft.files.all().delete()
        response = self.submit()
        self.assertRedirects(
            response, self.url("application_files", self.draft), fetch_redirect_response=False
        )
        self.assertFalse(Dossier.objects.exists())

    def test_it_needs_no_javascript(self):
        """Every page is a plain form; the flow above posts nothing a browser without
        scripts would not."""
        for url in (
            self.url("application", self.draft),
            self.url("application_unit", self.draft),
            self.section_url(self.draft, "parents"),
            self.section_url(self.draft, "other"),
            self.url("application_files", self.draft),
            self.url("application_contact", self.draft),
            self.url("application_check", self.draft),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "<script>")
            self.assertNotContains(response, "onclick")
