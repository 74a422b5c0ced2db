from __future__ import annotations

import re

from django.urls import reverse

from dossiers.models import Dossier
from dossiers.testing import create_supplement_requested_dossier
from portal.tests.base import PortalTestCase, timeless_headers

NOT_FOUND = "Không tìm thấy hồ sơ khớp mã và bốn số cuối"
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


class LookupTestCase(PortalTestCase):
    dossier: Dossier
    url = reverse("portal:lookup")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dossier = create_supplement_requested_dossier(
            cls.version,
            cls.office,
            reason="Lý do riêng tư của hồ sơ",
            applicant=cls.citizen,
            applicant_phone="0912 345 678",
        )

    def look(self, code, suffix):
        return self.client.post(self.url, {"code": code, "suffix": suffix})

    def assert_only_public_facts(self, response):
        self.assertContains(response, self.dossier.code)
        self.assertContains(response, self.version.name)
        self.assertContains(response, "Chờ bổ sung, tạm dừng tính thời hạn")
        self.assertContains(response, "Hồ sơ đã được tiếp nhận")
        self.assertContains(response, "Cơ quan yêu cầu bổ sung giấy tờ")
        for private in (
            self.citizen.full_name,
            str(self.citizen.personal_id),
            "0912 345 678",
            self.office.desk.full_name,
            self.office.specialist.full_name,
            "Lý do riêng tư của hồ sơ",
            self.form_component.name,
        ):
            self.assertNotContains(response, private)

    def test_it_needs_no_login(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Tra cứu hồ sơ")

    def test_it_finds_a_dossier_by_the_last_four_digits_of_the_id_number(self):
        response = self.look(self.dossier.code, str(self.citizen.personal_id)[-4:])
        self.assert_only_public_facts(response)

    def test_it_finds_a_dossier_by_the_last_four_digits_of_the_phone(self):
        response = self.look(self.dossier.code, "5678")
        self.assert_only_public_facts(response)

    def test_it_ignores_the_case_of_the_code(self):
        response = self.look(f"  {self.dossier.code.lower()} ", "5678")
        self.assertContains(response, "Chờ bổ sung, tạm dừng tính thời hạn")

    def test_it_answers_a_miss_the_same_whether_or_not_the_code_exists(self):
        unknown = "000.00.00.H26-261123-9999"
        wrong_digits = self.look(self.dossier.code, "0000")
        unknown_code = self.look(unknown, "0000")
        for response in (wrong_digits, unknown_code):
            self.assertContains(response, NOT_FOUND)
            self.assertNotContains(response, self.version.name)
            self.assertNotContains(response, "Chờ bổ sung")
        self.assertEqual(wrong_digits.status_code, unknown_code.status_code)

        def normalised(response, code):
            body = _CSRF.sub(b"", response.content)
            return body.replace(code.encode(), b"CODE")

        self.assertEqual(
            normalised(wrong_digits, self.dossier.code), normalised(unknown_code, unknown)
        )
        self.assertEqual(
            {
                k: v
                for k, v in timeless_headers(wrong_digits.headers).items()
                if k != "Content-Length"
            },
            {
                k: v
                for k, v in timeless_headers(unknown_code.headers).items()
                if k != "Content-Length"
            },
        )

    def test_it_checks_the_shape_of_the_digits(self):
        response = self.look(self.dossier.code, "56a8")
        self.assertContains(response, "Nhập đúng bốn chữ số.")
        self.assertNotContains(response, NOT_FOUND)
        self.assertNotContains(response, self.version.name)

    def test_it_accepts_full_width_digits(self):
        # What an East Asian input method types; NFKC reads it as 5678.
        response = self.look(self.dossier.code, "\uff15\uff16\uff17\uff18")
        self.assert_only_public_facts(response)

    def test_it_accepts_a_code_typed_in_full_width(self):
        full_width = "".join(
            chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in self.dossier.code
        )
        response = self.look(full_width, "5678")
        self.assert_only_public_facts(response)

    def test_it_refuses_arabic_indic_digits_with_a_clear_message(self):
        response = self.look(self.dossier.code, "\u0665\u0666\u0667\u0668")  # ٥٦٧٨
        self.assertContains(response, "bàn phím của bạn đang gõ một kiểu chữ số khác")
        self.assertNotContains(response, self.version.name)

    def test_it_refuses_extended_arabic_indic_digits_with_a_clear_message(self):
        response = self.look(self.dossier.code, "\u06f5\u06f6\u06f7\u06f8")  # ۵۶۷۸
        self.assertContains(response, "bàn phím của bạn đang gõ một kiểu chữ số khác")

    def test_it_refuses_a_code_of_the_wrong_shape(self):
        response = self.look(self.dossier.code + "\u0665", "5678")
        self.assertContains(response, "Mã hồ sơ không đúng dạng")
        self.assertNotContains(response, NOT_FOUND)
        self.assertNotContains(response, self.version.name)
