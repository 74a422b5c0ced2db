"""The portal's pages pass axe-core (WCAG 2.1 A and AA) in Chromium, one test per page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing import create_citizen
from core.testing_browser import assert_accessible, expect
from dossiers.testing import Office, create_dossier, create_procedure

pytestmark = pytest.mark.browser


@pytest.fixture
def office():
    return Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")


@pytest.fixture
def version():
    return create_procedure(days=3)


@pytest.fixture
def citizen():
    return create_citizen(phone="0987654321", full_name="Nguyễn Thị Lan")


def test_the_home_page_is_accessible(page, version):
    page.goto(reverse("portal:home"))
    assert_accessible(page)


def test_the_lookup_form_is_accessible(page):
    page.goto(reverse("portal:lookup"))
    assert_accessible(page)


def test_a_lookup_result_is_accessible(page, office, version, citizen):
    dossier = create_dossier(version, office, applicant=citizen, applicant_phone="0912345678")
    page.goto(reverse("portal:lookup"))
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Bốn số cuối").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", name="Quá trình xử lý")).to_be_visible()
    assert_accessible(page)


def test_the_lookup_errors_are_accessible(page):
    page.goto(reverse("portal:lookup"))
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nhập mã hồ sơ.")
    assert_accessible(page)


def test_my_dossiers_is_accessible(page, log_in, office, version, citizen):
    create_dossier(version, office, applicant=citizen)
    log_in(page, citizen)
    page.goto(reverse("portal:my_dossiers"))
    expect(page.get_by_text(version.name)).to_be_visible()
    assert_accessible(page)


def test_a_dossier_page_is_accessible(page, log_in, office, version, citizen):
    dossier = create_dossier(version, office, applicant=citizen)
    log_in(page, citizen)
    page.goto(reverse("portal:dossier", args=[dossier.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text(version.name)
    assert_accessible(page)


def test_the_online_application_is_accessible(page, log_in, office, version, citizen):
    log_in(page, citizen)
    page.goto(reverse("portal:apply", args=[version.procedure.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text(version.name)
    assert_accessible(page)
