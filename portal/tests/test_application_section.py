"""One section of the declaration per page: prefilled values shown and locked, wrong values
refused at their field with nothing kept, relatives looked up by ID number (logged), repeating
rows and the communes of a province without JavaScript."""

from __future__ import annotations

import copy
from typing import Any

from dossiers.models import Draft
from eforms.testing import label, sample_declaration
from portal.application import EFORM
from portal.tests.base import pdf
from portal.tests.eform_base import MOTHER_ID, UNKNOWN_MOTHER_ID, EformTestCase
from registry.models import Lookup


def state(draft: Draft) -> dict[str, Any]:
    draft.refresh_from_db()
    return draft.data[EFORM]


class ApplicationSectionTestCase(EformTestCase):
    def setUp(self):
        super().setUp()
        self.draft = self.start()

    def test_it_shows_the_registry_values_read_only_with_their_source(self):
        response = self.client.get(self.section_url(self.draft, "about_you"))
        self.assertContains(response, "Nguyễn Văn An")
        self.assertContains(response, "Số 1 Phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội")
        self.assertContains(response, "Lấy từ Cơ sở dữ liệu quốc gia về dân cư")
        self.assertNotContains(response, 'name="requester__full_name"')
        self.assertNotContains(response, 'name="requester__id_number"')

    def test_it_ignores_a_posted_value_for_a_locked_field(self):
        self.post_section(
            self.draft, "about_you", {**self.ABOUT_YOU, "requester__full_name": "Người Khác"}
        )
        self.assertEqual(state(self.draft)["data"]["requester"]["full_name"], "Nguyễn Văn An")

    def test_it_keeps_a_section_and_marks_it_done(self):
        response = self.post_section(self.draft, "the_child", self.CHILD)
        self.assertRedirects(
            response, self.url("application", self.draft), fetch_redirect_response=False
        )
        child = state(self.draft)["data"]["child"]
        self.assertEqual(child["date_of_birth"], "2026-01-15")
        self.assertEqual(child["full_name"], "Nguyễn Minh Khang")
        tasks = self.client.get(self.url("application", self.draft))
        self.assertContains(tasks, "Đã xong")

    def test_it_refuses_a_bad_id_number_at_its_field_and_keeps_nothing(self):
        before = state(self.draft)
        response = self.post_section(self.draft, "parents", {"mother__id_number": "12345"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            '<p class="govuk-error-message" id="id_mother__id_number-error">',
        )
        self.assertContains(response, "Số định danh cá nhân phải gồm đúng 12 chữ số.")
        self.assertContains(response, 'href="#id_mother__id_number"')
        self.assertContains(response, 'value="12345"')  # what was typed comes back
        self.assertEqual(state(self.draft), before)
        self.assertEqual(Lookup.objects.count(), 1)  # only the applicant's, at the start

    def test_it_refuses_a_mother_born_after_the_child(self):
        self.post_section(self.draft, "the_child", self.CHILD)
        before = state(self.draft)
        response = self.post_section(
            self.draft,
            "parents",
            {
                "mother__id_number": UNKNOWN_MOTHER_ID,
                "mother__full_name": "Lê Thị Hoa",
                "mother__sex": "female",
                "mother__date_of_birth-day": "1",
                "mother__date_of_birth-month": "3",
                "mother__date_of_birth-year": "2026",
                "has_father": "false",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, '<p class="govuk-error-message" id="id_mother__date_of_birth-day-error">'
        )
        self.assertContains(
            response,
            "Ngày, tháng, năm sinh phải trước ngày, tháng, năm sinh của người được khai sinh "
            "(15/01/2026).",
        )
        self.assertEqual(state(self.draft), before)

    def test_it_says_missing_values_only_at_the_end(self):
        response = self.post_section(self.draft, "the_child", {"child__full_name": "Khang"})
        self.assertEqual(response.status_code, 302)
        response = self.client.get(self.section_url(self.draft, "the_child") + "?loi=1")
        self.assertContains(response, "Nhập nơi sinh.")
        tasks = self.client.get(self.url("application", self.draft))
        self.assertContains(tasks, "Đang điền")

    def test_it_looks_up_the_mother_by_her_id_number_and_logs_it(self):
        response = self.post_section(self.draft, "parents", self.PARENTS)
        self.assertRedirects(
            response, self.section_url(self.draft, "parents"), fetch_redirect_response=False
        )
        entry = Lookup.objects.get(id_number=MOTHER_ID)
        self.assertEqual(entry.actor, self.citizen)
        self.assertEqual(entry.purpose, f"Điền sẵn tờ khai trực tuyến: {self.version.name} — Mẹ")
        kept = state(self.draft)
        self.assertEqual(kept["data"]["mother"]["full_name"], "Trần Thị Bình")
        self.assertEqual(kept["data"]["mother"]["date_of_birth"], "1995-01-02")
        self.assertEqual(kept["sources"]["mother.full_name"], "registry")
        self.assertIn(entry.pk, kept["lookups"])
        page = self.client.get(self.section_url(self.draft, "parents"))
        self.assertContains(page, "Đã điền thông tin của mẹ từ Cơ sở dữ liệu quốc gia về dân cư.")
        self.assertContains(page, "Trần Thị Bình")
        self.assertNotContains(page, 'name="mother__full_name"')

    def test_it_looks_up_a_number_once(self):
        self.post_section(self.draft, "parents", self.PARENTS)
        self.post_section(self.draft, "parents", {"has_father": "false"})
        self.assertEqual(Lookup.objects.filter(id_number=MOTHER_ID).count(), 1)

    def test_it_lets_the_person_declare_a_relative_the_registry_does_not_know(self):
        response = self.post_section(
            self.draft, "parents", {"mother__id_number": UNKNOWN_MOTHER_ID, "has_father": "false"}
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, f"Không tìm thấy số định danh {UNKNOWN_MOTHER_ID}")
        self.assertContains(page, 'name="mother__full_name"')
        self.assertTrue(
            Lookup.objects.filter(id_number=UNKNOWN_MOTHER_ID, outcome="not_found").exists()
        )

    def test_it_forgets_a_relative_to_declare_another_person(self):
        self.post_section(self.draft, "parents", self.PARENTS)
        self.post_section(self.draft, "parents", {"eform-stay": "unlock:mother"})
        kept = state(self.draft)
        self.assertNotIn("mother", kept["data"])
        self.assertFalse(any(p.startswith("mother.") for p in kept["locked"]))
        page = self.client.get(self.section_url(self.draft, "parents"))
        self.assertContains(page, 'name="mother__id_number" type="text" value=""')

    def test_it_reveals_the_father_under_the_answer_that_asks_for_him(self):
        response = self.client.get(self.section_url(self.draft, "parents"))
        html = response.content.decode()
        reveal = html.index('class="govuk-radios__conditional govuk-radios__conditional--hidden"')
        self.assertLess(reveal, html.index('name="father__id_number"'))
        self.assertContains(response, 'aria-controls="id_has_father-1-reveal"')

    def test_it_adds_a_row_without_javascript(self):
        response = self.post_section(
            self.draft,
            "other",
            {**self.OTHER, "siblings__0__full_name": "Nguyễn An", "eform-stay": "add:siblings"},
        )
        self.assertRedirects(
            response, self.section_url(self.draft, "other"), fetch_redirect_response=False
        )
        page = self.client.get(self.section_url(self.draft, "other"))
        self.assertContains(page, 'name="siblings__1__full_name"')
        self.assertContains(page, 'value="Nguyễn An"')
        self.assertEqual(state(self.draft)["data"]["siblings"], [{"full_name": "Nguyễn An"}])

    def test_it_adds_a_row_also_when_the_page_has_an_error(self):
        response = self.post_section(
            self.draft, "other", {**self.OTHER, "copies": "99", "eform-stay": "add:siblings"}
        )
        self.assertContains(response, "Giá trị lớn nhất là 10.")
        self.assertContains(response, 'name="siblings__1__full_name"')

    def test_it_shows_the_communes_of_the_province_chosen(self):
        response = self.post_section(
            self.draft,
            "other",
            {
                **self.OTHER,
                "mailing_address-province": str(self.province.code),
                "eform-stay": "communes:mailing_address",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "govuk-error-summary")
        self.assertContains(response, f'<option value="{self.other_commune.code}">')

    def test_it_keeps_an_address(self):
        self.post_section(
            self.draft,
            "other",
            {
                **self.OTHER,
                "mailing_address-province": str(self.province.code),
                "mailing_address-commune": str(self.other_commune.code),
                "mailing_address-street": "Số 5 Hàng Bài",
            },
        )
        address = state(self.draft)["data"]["mailing_address"]
        self.assertEqual(address["text"], "Số 5 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội")


class FileInSectionTestCase(EformTestCase):
    """A schema whose section has its own file input (bound to component 3)."""

    @classmethod
    def declaration(cls) -> dict[str, Any]:
        schema = copy.deepcopy(sample_declaration())
        schema["sections"][1]["fields"].append(
            {
                "key": "birth_paper",
                "type": "file",
                "component": 3,
                "required": True,
                "label": label("Giấy chứng sinh", "Birth paper"),
            }
        )
        return schema

    def setUp(self):
        super().setUp()
        self.draft = self.start()

    def test_it_keeps_the_file_when_the_page_is_refused(self):
        response = self.post_section(
            self.draft,
            "the_child",
            {
                **self.CHILD,
                "child__date_of_birth-day": "31",
                "child__date_of_birth-month": "2",
                "birth_paper": pdf("chung-sinh.pdf"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ngày không có thật")
        self.assertContains(response, "Đã tải lên: chung-sinh.pdf")
        self.assertEqual(self.draft.files.get().component, self.paper)
        self.assertNotIn("child", state(self.draft)["data"])

    def test_it_does_not_ask_for_the_file_again_on_the_attachments_page(self):
        response = self.client.get(self.url("application_files", self.draft))
        self.assertNotContains(response, 'name="tp_3"')

    def test_it_says_at_the_end_that_the_file_is_missing(self):
        response = self.client.get(self.section_url(self.draft, "the_child") + "?loi=1")
        self.assertContains(response, "Chưa tải lên giấy tờ bắt buộc: Giấy chứng sinh.")
