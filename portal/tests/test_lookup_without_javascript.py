"""A core journey without JavaScript: look a dossier up by its code and four digits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing_browser import expect
from dossiers.testing import Office, create_procedure, create_supplement_requested_dossier

pytestmark = pytest.mark.browser


def test_it_shows_the_status_of_a_dossier_without_javascript(page_without_js):
    page = page_without_js
    version = create_procedure(days=3)
    dossier = create_supplement_requested_dossier(
        version, Office.create(), reason="Ảnh mờ", applicant_phone="0912 345 678"
    )
    page.goto(reverse("portal:lookup"))
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Bốn số cuối").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Chờ bổ sung, tạm dừng tính thời hạn")).to_be_visible()
    expect(page.get_by_text(version.name)).to_be_visible()


def test_it_says_which_field_is_missing_without_javascript(page_without_js):
    page = page_without_js
    page.goto(reverse("portal:lookup"))
    page.get_by_role("button", name="Tra cứu").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nhập mã hồ sơ.")
    expect(summary).to_contain_text("Nhập bốn số cuối.")
