"""What the tests of applying with an e-form share: a commune of Hà Nội with its centre (and a
second commune with another centre), a procedure whose declaration is
``eforms.testing.sample_declaration`` (component 1 is the declaration, 2 is held in the
registry, 3 is a paper to upload), the applicant and his wife in the embedded registry, and
helpers that walk the pages with plain POSTs (no JavaScript)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from catalog.models import Component
from core.testing import create_citizen, create_commune, create_province
from dossiers.models import Draft
from dossiers.testing import Office, create_procedure
from eforms.testing import sample_declaration
from portal.tests.base import PortalTestCase, pdf
from registry.models import Resident
from units.models import AdministrativeUnit

APPLICANT_ID = "001090017001"  # a man born in 1990, birth registered in Hà Nội
MOTHER_ID = "001195006789"  # a woman born in 1995
UNKNOWN_MOTHER_ID = "001326004242"  # a woman born in 2026, not in the registry


class EformTestCase(PortalTestCase):
    schema: dict[str, Any]
    province: AdministrativeUnit
    commune: AdministrativeUnit
    other_commune: AdministrativeUnit
    other_office: Office
    paper: Component

    @classmethod
    def setUpTestData(cls) -> None:
        cls.province = create_province(name="Thành phố Hà Nội", code=1)
        cls.commune = create_commune(cls.province, name="Phường Ba Đình", code=4)
        cls.other_commune = create_commune(cls.province, name="Phường Hoàn Kiếm", code=70)
        cls.office = Office.create(
            name="Trung tâm Phục vụ hành chính công Phường Ba Đình", area=cls.commune
        )
        cls.other_office = Office.create(
            name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm", area=cls.other_commune
        )
        cls.schema = cls.declaration()
        cls.version = create_procedure(days=5, declaration_schema=cls.schema)
        cls.form_component, cls.residence_component = list(cls.version.components.all())
        cls.paper = Component.objects.create(
            version=cls.version, position=3, name="Giấy chứng sinh", originals=1
        )
        cls.citizen = create_citizen(
            personal_id=APPLICANT_ID, full_name="Nguyễn Văn An", phone="0987654321"
        )
        cls.other = create_citizen(full_name="Trần Văn Bình")
        Resident.objects.create(
            id_number=APPLICANT_ID,
            full_name="Nguyễn Văn An",
            date_of_birth=date(1990, 5, 17),
            sex="male",
            marital_status="married",
            household="HK1",
            relation="head",
            permanent_address="Số 1 Phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội",
            permanent_unit=cls.commune,
        )
        Resident.objects.create(
            id_number=MOTHER_ID,
            full_name="Trần Thị Bình",
            date_of_birth=date(1995, 1, 2),
            sex="female",
            marital_status="married",
            household="HK1",
            relation="spouse",
            permanent_address="Số 1 Phố Đội Cấn, Phường Ba Đình, Thành phố Hà Nội",
            permanent_unit=cls.commune,
        )

    @classmethod
    def declaration(cls) -> dict[str, Any]:
        return sample_declaration()

    def setUp(self) -> None:
        self.client.force_login(self.citizen)

    # Pages ---------------------------------------------------------------------------------

    def start(self) -> Draft:
        response = self.client.post(self.apply_url(), {"action": "start"})
        draft = Draft.objects.get(owner=self.citizen, submitted__isnull=True)
        self.assertRedirects(
            response, self.url("application", draft), fetch_redirect_response=False
        )
        return draft

    def url(self, name: str, draft: Draft, *args: str) -> str:
        return reverse(f"portal:{name}", args=[self.version.procedure.code, draft.key, *args])

    def section_url(self, draft: Draft, key: str) -> str:
        return self.url("application_section", draft, key)

    def post_section(self, draft: Draft, key: str, data: dict[str, Any], **extra: Any) -> Any:
        return self.client.post(self.section_url(draft, key), data, **extra)

    # What a person types, page by page ------------------------------------------------------

    ABOUT_YOU = {"relationship": "father", "phone": "0987654321"}
    CHILD = {
        "child__full_name": "Nguyễn Minh Khang",
        "child__date_of_birth-day": "15",
        "child__date_of_birth-month": "1",
        "child__date_of_birth-year": "2026",
        "child__sex": "male",
        "child__ethnicity": "01",
        "child__nationality": "VN",
        "child__place_of_birth": "Bệnh viện Phụ sản Hà Nội",
    }
    PARENTS = {"mother__id_number": MOTHER_ID, "has_father": "false"}
    OTHER = {
        "siblings-rows": "1",
        "siblings__0__full_name": "",
        "copies": "2",
        "mailing_address-province": "",
        "mailing_address-commune": "",
        "mailing_address-street": "",
    }
    CONTACT = {
        "applicant_phone": "0987654321",
        "applicant_email": "an@example.vn",
        "applicant_address": "Số 1 Phố Đội Cấn, Phường Ba Đình",
        "note": "",
    }

    def fill_everything(self, draft: Draft) -> None:
        """Every page, as a person would, the mother looked up by her ID number."""
        for key, data in (
            ("about_you", self.ABOUT_YOU),
            ("the_child", self.CHILD),
            ("parents", self.PARENTS),
            ("other", self.OTHER),
        ):
            response = self.post_section(draft, key, data)
            self.assertEqual(response.status_code, 302, f"{key}: {response.content[:3000]!r}")
        self.client.post(self.url("application_unit", draft), {"unit": self.office.unit.code})
        self.client.post(self.url("application_files", draft), {"tp_3": pdf("chung-sinh.pdf")})
        self.client.post(self.url("application_contact", draft), self.CONTACT)
