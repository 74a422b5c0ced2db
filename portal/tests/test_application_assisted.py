"""Lodging a dossier with an e-form for a citizen ("nộp thay", Decree 45/2020 art. 10): a member
of the community digital team gives who the citizen is and how they agreed; the e-form's
applicant is the citizen, from the citizen's registry record (one lookup, logged as the
helper's, for that purpose); the dossier is the citizen's, assisted by the helper."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from accounts.models import User
from core.testing import create_citizen
from dossiers.models import Dossier, Draft
from portal.application import EFORM
from portal.tests.eform_base import APPLICANT_ID, MOTHER_ID, EformTestCase
from registry.models import Lookup, Resident

HELPER_ID = "001088012345"  # a man born in 1988, in the registry too


class ApplicationAssistedTestCase(EformTestCase):
    helper: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.helper = create_citizen(
            personal_id=HELPER_ID, full_name="Lê Tổ Số", phone="0911111111", is_digital_team=True
        )
        Resident.objects.create(
            id_number=HELPER_ID,
            full_name="Lê Tổ Số",
            date_of_birth=date(1988, 3, 3),
            sex="male",
            marital_status="single",
            household="HK9",
            relation="head",
            permanent_address="Số 9 Phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội",
            permanent_unit=cls.other_commune,
        )

    def setUp(self) -> None:
        self.client.force_login(self.helper)

    def behalf_url(self) -> str:
        return reverse("portal:apply_assisted", args=[self.version.procedure.code])

    def behalf(self, **overrides: Any) -> dict[str, str]:
        fields = {
            "behalf_id_number": APPLICANT_ID,
            "behalf_name": "Nguyễn Văn An",
            "behalf_phone": "0987000111",
            "behalf_address": "Số 1 Phố Đội Cấn, Phường Ba Đình",
            "consent": "on",
            "consent_method": "Ký vào phiếu đồng ý tại điểm hỗ trợ",
        }
        fields.update(overrides)
        return {k: v for k, v in fields.items() if v is not None}

    def start_for_citizen(self) -> Draft:
        response = self.client.post(self.behalf_url(), self.behalf())
        draft = Draft.objects.get(owner=self.helper, submitted__isnull=True)
        self.assertRedirects(
            response, self.url("application", draft), fetch_redirect_response=False
        )
        return draft

    def lodge(self) -> Dossier:
        draft = self.start_for_citizen()
        self.fill_everything(draft)
        response = self.client.post(self.url("application_check", draft))
        self.assertRedirects(
            response, self.url("application_done", draft), fetch_redirect_response=False
        )
        return Dossier.objects.get()

    def test_the_dossier_is_the_citizens_lodged_by_the_helper_with_consent(self):
        dossier = self.lodge()
        self.assertEqual(dossier.applicant, self.citizen)
        self.assertEqual(dossier.assisted_by, self.helper)
        self.assertEqual(dossier.created_by, self.helper)
        self.assertEqual(dossier.applicant_name, "Nguyễn Văn An")
        self.assertEqual(dossier.applicant_id_number, APPLICANT_ID)
        # The citizen's contact, as last given (the contact page starts from the behalf page).
        self.assertEqual(dossier.applicant_phone, self.CONTACT["applicant_phone"])
        self.assertEqual(dossier.applicant_address, self.CONTACT["applicant_address"])
        self.assertEqual(dossier.consent_method, "Ký vào phiếu đồng ý tại điểm hỗ trợ")
        self.assertIsNotNone(dossier.consent_given_at)
        self.assertIn("đã đồng ý", dossier.form_data["consent_statement"])

    def test_the_declarations_requester_is_the_citizens_registry_record(self):
        dossier = self.lodge()
        requester = dossier.declaration["requester"]
        self.assertEqual(requester["id_number"], APPLICANT_ID)
        self.assertEqual(requester["full_name"], "Nguyễn Văn An")
        self.assertEqual(requester["date_of_birth"], "1990-05-17")
        self.assertEqual(dossier.declaration_sources["requester.full_name"], "registry")

    def test_it_looks_the_citizen_up_once_as_the_helper_for_the_assisted_lodging(self):
        draft = self.start_for_citizen()
        entry = Lookup.objects.get()
        self.assertEqual(entry.id_number, APPLICANT_ID)
        self.assertEqual(entry.actor, self.helper)
        self.assertIn("Nộp thay", entry.purpose)
        self.assertIn("Lê Tổ Số", entry.purpose)
        self.assertEqual(draft.data[EFORM]["lookups"], [entry.pk])

    def test_it_never_uses_the_helpers_own_registry_record(self):
        draft = self.start_for_citizen()
        state = draft.data[EFORM]
        self.assertEqual(state["data"]["requester"]["full_name"], "Nguyễn Văn An")
        self.assertEqual(state["locked"]["requester.id_number"], APPLICANT_ID)
        self.assertNotEqual(state["data"].get("phone"), self.helper.phone)
        self.assertFalse(Lookup.objects.filter(id_number=HELPER_ID).exists())

    def test_a_relative_looked_up_for_the_citizen_is_logged_for_the_assisted_lodging(self):
        draft = self.start_for_citizen()
        self.post_section(draft, "parents", self.PARENTS)
        entry = Lookup.objects.get(id_number=MOTHER_ID)
        self.assertEqual(entry.actor, self.helper)
        self.assertIn("Nộp thay", entry.purpose)

    def test_the_task_list_says_for_whom(self):
        draft = self.start_for_citizen()
        response = self.client.get(self.url("application", draft))
        self.assertContains(response, "Bạn đang nộp thay cho Nguyễn Văn An.")

    def test_starting_again_keeps_the_citizen(self):
        old = self.start_for_citizen()
        self.client.post(self.apply_url(), {"action": "restart", "draft": old.key})
        new = Draft.objects.get()
        self.assertNotEqual(new.key, old.key)
        self.assertEqual(new.data[EFORM]["behalf"]["id_number"], APPLICANT_ID)
        self.assertEqual(new.data[EFORM]["data"]["requester"]["id_number"], APPLICANT_ID)

    def test_the_contact_page_starts_from_the_citizens_phone_and_address(self):
        draft = self.start_for_citizen()
        response = self.client.get(self.url("application_contact", draft))
        self.assertContains(response, 'value="0987000111"')
        self.assertContains(response, 'value="Số 1 Phố Đội Cấn, Phường Ba Đình"')
        self.assertNotContains(response, self.helper.phone)

    def test_it_preselects_the_unit_of_the_citizens_residence(self):
        draft = self.start_for_citizen()
        self.assertEqual(draft.data["competent_unit"], self.office.unit.code)

    def test_it_offers_lodging_for_a_citizen_to_the_digital_team(self):
        response = self.client.get(self.apply_url())
        self.assertContains(response, self.behalf_url())
        self.assertContains(response, "Nộp thay cho người dân")

    def test_it_does_not_offer_it_to_anyone_else(self):
        self.client.force_login(self.citizen)
        response = self.client.get(self.apply_url())
        self.assertNotContains(response, self.behalf_url())
        self.assertNotContains(response, "Nộp thay")

    def test_a_forged_post_from_someone_else_is_refused_and_nothing_is_looked_up(self):
        self.client.force_login(self.other)
        response = self.client.post(self.behalf_url(), self.behalf())
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Draft.objects.exists())
        self.assertFalse(Lookup.objects.exists())

    def test_it_refuses_to_go_on_without_the_citizens_consent(self):
        response = self.client.post(self.behalf_url(), self.behalf(consent=None))
        self.assertContains(
            response, "Cần xác nhận người dân đã đồng ý để bạn nộp thay.", status_code=400
        )
        self.assertFalse(Draft.objects.exists())
        self.assertFalse(Lookup.objects.exists())

    def test_it_refuses_a_wrong_id_number_at_its_field(self):
        response = self.client.post(self.behalf_url(), self.behalf(behalf_id_number="12345"))
        self.assertContains(
            response, "Số định danh cá nhân phải gồm đúng 12 chữ số.", status_code=400
        )
        self.assertContains(response, 'id="id_behalf_id_number-error"', status_code=400)
        self.assertFalse(Draft.objects.exists())
        self.assertFalse(Lookup.objects.exists())

    def test_it_refuses_the_helpers_own_id_number(self):
        response = self.client.post(self.behalf_url(), self.behalf(behalf_id_number=HELPER_ID))
        self.assertContains(response, "Đây là số định danh của bạn", status_code=400)
        self.assertFalse(Draft.objects.exists())
        self.assertFalse(Lookup.objects.exists())

    def test_the_citizen_sees_the_lookup_made_for_the_dossier(self):
        dossier = self.lodge()
        self.client.force_login(self.citizen)
        page = self.client.get(reverse("portal:data_lookups"))
        self.assertContains(page, "Nộp thay hồ sơ trực tuyến (tổ công nghệ số: Lê Tổ Số)")
        self.assertContains(page, dossier.code)

    def test_my_dossiers_names_the_citizen_of_a_draft(self):
        self.start_for_citizen()
        page = self.client.get(reverse("portal:my_dossiers"))
        self.assertContains(page, "Nộp thay: Nguyễn Văn An")

    def test_the_draft_keeps_the_citizen_and_the_helper_resumes_it(self):
        draft = self.start_for_citizen()
        self.assertEqual(draft.data[EFORM]["behalf"]["id_number"], APPLICANT_ID)
        page = self.client.get(self.apply_url())
        self.assertContains(page, self.url("application", draft))
        self.assertContains(page, "Nộp thay cho Nguyễn Văn An")
        self.client.post(self.behalf_url(), self.behalf())
        self.assertEqual(Draft.objects.get(), draft)

    def test_starting_for_themself_does_not_resume_the_citizens_draft(self):
        assisted = self.start_for_citizen()
        self.client.post(self.apply_url(), {"action": "start"})
        own = Draft.objects.exclude(pk=assisted.pk).get()
        self.assertEqual(own.data[EFORM]["data"]["requester"]["id_number"], HELPER_ID)

    def test_the_check_page_says_for_whom_and_the_consent(self):
        draft = self.start_for_citizen()
        self.fill_everything(draft)
        response = self.client.get(self.url("application_check", draft))
        self.assertContains(response, "Nộp thay cho Nguyễn Văn An")
        self.assertContains(response, "Người dân đã đồng ý để tôi nộp hồ sơ này thay họ")
        self.assertContains(response, "Ký vào phiếu đồng ý tại điểm hỗ trợ")

    def test_the_citizen_sees_the_dossier_in_their_account(self):
        dossier = self.lodge()
        self.client.force_login(self.citizen)
        self.assertContains(self.client.get(reverse("portal:my_dossiers")), dossier.code)
        page = self.client.get(reverse("portal:dossier", args=[dossier.code]))
        self.assertEqual(page.status_code, 200)

    def test_a_citizen_without_an_account_has_no_applicant_account(self):
        self.citizen.delete()
        dossier = self.lodge()
        self.assertIsNone(dossier.applicant)
        self.assertEqual(dossier.applicant_id_number, APPLICANT_ID)

    def test_a_draft_left_by_a_former_member_is_not_submitted_for_the_citizen(self):
        draft = self.start_for_citizen()
        self.fill_everything(draft)
        User.objects.filter(pk=self.helper.pk).update(is_digital_team=False)
        response = self.client.post(self.url("application_check", draft))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Dossier.objects.exists())
