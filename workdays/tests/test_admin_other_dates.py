"""Other admin date fields read day first too (the project's format modules, config/formats)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory, TestCase
from django.utils import translation

from accounts.models import Role, User
from catalog.models import ProcedureVersion
from core.testing import create_officer, create_unit, create_version

VERSIONS = "/quan-tri/catalog/procedureversion/"


class ProcedureVersionDatesTestCase(TestCase):
    province_admin: User
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.province_admin = create_officer(create_unit(), roles=(Role.UNIT_ADMIN,))
        cls.version = create_version(
            effective_from=date(2027, 2, 8), status=ProcedureVersion.Status.DRAFT
        )

    def effective_to_field(self, language: str) -> object:
        request = RequestFactory().get("/")
        request.user = self.province_admin
        model_admin = admin.site.get_model_admin(ProcedureVersion)
        with translation.override(language):
            form = model_admin.get_form(request, self.version)
        return form.base_fields["effective_to"]

    def test_the_change_page_shows_effective_from_day_first(self) -> None:
        self.client.force_login(self.province_admin)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get(f"{VERSIONS}{self.version.pk}/change/")
        self.assertContains(response, "08/02/2027")
        self.assertNotContains(response, "02/08/2027")

    def test_effective_to_reads_08_02_2027_as_8_february_in_vietnamese(self) -> None:
        field = self.effective_to_field("vi")
        with translation.override("vi"):
            self.assertEqual(field.clean("08/02/2027"), date(2027, 2, 8))  # type: ignore[attr-defined]

    def test_effective_to_reads_08_02_2027_as_8_february_in_english(self) -> None:
        field = self.effective_to_field("en")
        with translation.override("en"):
            self.assertEqual(field.clean("08/02/2027"), date(2027, 2, 8))  # type: ignore[attr-defined]

    def test_effective_to_accepts_13_02_2027_in_english(self) -> None:
        field = self.effective_to_field("en")
        with translation.override("en"):
            self.assertEqual(field.clean("13/02/2027"), date(2027, 2, 13))  # type: ignore[attr-defined]

    def test_effective_to_refuses_a_two_digit_year(self) -> None:
        from django.core.exceptions import ValidationError

        field = self.effective_to_field("vi")
        with translation.override("vi"), self.assertRaises(ValidationError):
            field.clean("08/02/27")  # type: ignore[attr-defined]

    def test_the_change_page_carries_the_weekday_script(self) -> None:
        self.client.force_login(self.province_admin)
        response = self.client.get(f"{VERSIONS}{self.version.pk}/change/")
        self.assertContains(response, "motcua/date-weekday.js")
