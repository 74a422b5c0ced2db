from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from core.testing import create_citizen
from dossiers.actors import person
from dossiers.models import Dossier
from portal.tests.base import PortalTestCase


class AssistedApplicationTestCase(PortalTestCase):
    helper: User

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.helper = create_citizen(full_name="Lê Tổ Số", is_digital_team=True)

    def on_behalf(self, **overrides):
        fields = {
            "on_behalf": "on",
            "behalf_name": "Phạm Thị Hoa",
            "behalf_id_number": "001190000777",
            "behalf_phone": "0912000777",
            "behalf_address": "Thôn Thử",
            "consent": "on",
            "consent_method": "Ký vào phiếu đồng ý tại điểm hỗ trợ",
            "applicant_phone": "",
            "applicant_address": "",
        }
        fields.update(overrides)
        return self.application(**fields)

    def test_it_shows_the_section_to_the_digital_team(self):
        self.client.force_login(self.helper)
        response = self.client.get(self.apply_url())
        self.assertContains(response, "Nộp thay người dân")
        self.assertContains(response, 'name="consent_method"')

    def test_it_submits_for_a_citizen_with_consent(self):
        self.client.force_login(self.helper)
        response = self.client.post(self.apply_url(), self.on_behalf())
        dossier = Dossier.objects.get()
        self.assertRedirects(
            response, reverse("portal:dossier", args=[dossier.code]), fetch_redirect_response=False
        )
        self.assertIsNone(dossier.applicant)
        self.assertEqual(dossier.assisted_by, self.helper)
        self.assertEqual(dossier.created_by, self.helper)
        self.assertEqual(dossier.applicant_name, "Phạm Thị Hoa")
        self.assertEqual(dossier.applicant_id_number, "001190000777")
        self.assertEqual(dossier.applicant_phone, "0912000777")
        self.assertEqual(dossier.consent_method, "Ký vào phiếu đồng ý tại điểm hỗ trợ")
        self.assertIsNotNone(dossier.consent_given_at)
        self.assertIn("đã đồng ý", dossier.form_data["consent_statement"])
        # The helper follows the dossier from their own list.
        page = self.client.get(reverse("portal:my_dossiers"))
        self.assertContains(page, dossier.code)
        self.assertContains(page, "Nộp thay: Phạm Thị Hoa")

    def test_it_requires_the_consent_and_how_it_was_given(self):
        self.client.force_login(self.helper)
        response = self.client.post(
            self.apply_url(), self.on_behalf(consent=None, consent_method="  ")
        )
        self.assertContains(response, "Cần xác nhận người dân đã đồng ý để bạn nộp thay.")
        self.assertContains(response, "Ghi rõ người dân đã đồng ý bằng cách nào.")
        self.assertFalse(Dossier.objects.exists())

    def test_it_requires_the_citizens_identity(self):
        self.client.force_login(self.helper)
        response = self.client.post(
            self.apply_url(), self.on_behalf(behalf_name="", behalf_id_number="12345")
        )
        self.assertContains(response, "Nhập họ và tên người dân.")
        self.assertContains(response, "Số định danh cá nhân phải gồm đúng 12 chữ số.")
        self.assertFalse(Dossier.objects.exists())

    def test_it_lets_a_member_apply_for_themselves(self):
        self.client.force_login(self.helper)
        self.client.post(self.apply_url(), self.application())
        dossier = Dossier.objects.get()
        self.assertEqual(dossier.applicant, self.helper)
        self.assertIsNone(dossier.assisted_by)

    def test_it_ignores_assisted_fields_from_a_non_member(self):
        self.client.force_login(self.citizen)
        response = self.client.get(self.apply_url())
        self.assertNotContains(response, "Nộp thay người dân")
        self.client.post(
            self.apply_url(),
            self.on_behalf(applicant_phone="0987654321", applicant_address="Số 1 Phố Thử"),
        )
        dossier = Dossier.objects.get()
        # The fields for someone else are ignored: the dossier is the citizen's own.
        self.assertEqual(dossier.applicant, self.citizen)
        self.assertEqual(dossier.applicant_name, "Nguyễn Thị Lan")
        self.assertEqual(dossier.applicant_id_number, self.citizen.personal_id)
        self.assertIsNone(dossier.assisted_by)
        self.assertEqual(dossier.consent_method, "")

    def test_a_citizen_with_an_account_sees_the_dossier_lodged_for_them(self):
        citizen = create_citizen(personal_id="001190000777", full_name="Phạm Thị Hoa")
        self.client.force_login(self.helper)
        self.client.post(self.apply_url(), self.on_behalf())
        dossier = Dossier.objects.get()
        self.assertEqual(dossier.applicant, citizen)
        self.client.force_login(citizen)
        page = self.client.get(reverse("portal:dossier", args=[dossier.code]))
        self.assertEqual(page.status_code, 200)

    def test_the_helper_cannot_withdraw_for_a_citizen_with_an_account(self):
        from django.core.exceptions import PermissionDenied

        from dossiers.actions import request_withdrawal

        create_citizen(personal_id="001190000777", full_name="Phạm Thị Hoa")
        self.client.force_login(self.helper)
        self.client.post(self.apply_url(), self.on_behalf())
        with self.assertRaises(PermissionDenied):
            request_withdrawal(
                Dossier.objects.get(), actor=person(self.helper), reason="Không cần nữa"
            )

    def test_the_helper_is_not_offered_the_withdrawal_form_for_a_citizen_with_an_account(self):
        create_citizen(personal_id="001190000777", full_name="Phạm Thị Hoa")
        self.client.force_login(self.helper)
        self.client.post(self.apply_url(), self.on_behalf())
        page = self.client.get(reverse("portal:dossier", args=[Dossier.objects.get().code]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Gửi yêu cầu rút hồ sơ")

    def test_the_helper_posting_a_withdrawal_anyway_is_refused_before_the_form(self):
        create_citizen(personal_id="001190000777", full_name="Phạm Thị Hoa")
        self.client.force_login(self.helper)
        self.client.post(self.apply_url(), self.on_behalf())
        dossier = Dossier.objects.get()
        response = self.client.post(reverse("portal:withdraw", args=[dossier.code]), {"reason": ""})
        self.assertEqual(response.status_code, 403)

    def test_the_helper_is_offered_the_withdrawal_for_a_citizen_without_an_account(self):
        self.client.force_login(self.helper)
        self.client.post(self.apply_url(), self.on_behalf())
        page = self.client.get(reverse("portal:dossier", args=[Dossier.objects.get().code]))
        self.assertContains(page, "Gửi yêu cầu rút hồ sơ")
