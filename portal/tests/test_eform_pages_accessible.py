"""The pages of applying with an e-form pass axe-core (WCAG 2.1 A and AA) in Chromium: the start
page, the draft offered again, the task list, every section of the demo catalog's e-forms of a
birth (1.001193), a marriage (1.000894) and a permanent residence (1.004222) filled with their
sample declarations, sections with errors, the address picker, the unit, files and contact
pages, check your answers and the confirmation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.testing_browser import assert_accessible, expect
from portal.tests.eform_pages import BIRTH, MARRIAGE, RESIDENCE, Applying, section_keys, url

pytestmark = pytest.mark.browser
SUBMIT_TIMEOUT_MS = 30_000


@pytest.fixture
def applying(db: None) -> Applying:
    return Applying()


EVERY_SECTION = [
    pytest.param(code, key, id=f"{code}-{key}")
    for code in (BIRTH, MARRIAGE, RESIDENCE)
    for key in section_keys(code)
]


def test_the_start_page_is_accessible(page, log_in, applying):
    version = applying.version(BIRTH)
    log_in(page, applying.citizen)
    page.goto(reverse("portal:apply", args=[version.procedure.code]))
    expect(page.get_by_role("button", name="Bắt đầu")).to_be_visible()
    assert_accessible(page)


def test_the_draft_offered_again_is_accessible(page, log_in, applying):
    version = applying.version(BIRTH)
    applying.application(version)
    log_in(page, applying.citizen)
    page.goto(reverse("portal:apply", args=[version.procedure.code]))
    expect(page.get_by_role("button", name="Bắt đầu lại")).to_be_visible()
    assert_accessible(page)


def test_the_task_list_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(BIRTH))
    log_in(page, applying.citizen)
    page.goto(url("application", app))
    expect(page.get_by_role("button", name="Kiểm tra thông tin trước khi nộp")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("code", "key"), EVERY_SECTION)
def test_every_section_of_the_demo_eforms_is_accessible(page, log_in, applying, code, key):
    app = applying.application(applying.version(code))
    section = next(s for s in app.schema.sections if s.key == key)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, key))
    expect(page.get_by_role("heading", level=1)).to_have_text(str(section.title))
    assert_accessible(page)


@pytest.mark.parametrize(("code", "key"), [(BIRTH, "child"), (RESIDENCE, "request")])
def test_a_section_with_errors_is_accessible(page, log_in, applying, code, key):
    """As the check page sends a person back to a section left empty: every field in error."""
    app = applying.application(applying.version(code), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, key) + "?loi=1")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_be_visible()
    assert_accessible(page)


def test_a_mistake_typed_is_shown_accessibly(page, log_in, applying):
    app = applying.application(applying.version(BIRTH), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, "child"))
    child = page.get_by_role("group", name="Ngày, tháng, năm sinh")
    child.get_by_label("Ngày").fill("45")
    child.get_by_label("Tháng").fill("1")
    child.get_by_label("Năm").fill("2026")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_address_picker_is_accessible_once_a_province_is_chosen(page, log_in, applying):
    app = applying.application(applying.version(RESIDENCE), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, "request"))
    picker = page.get_by_role("group", name="Địa chỉ đề nghị đăng ký thường trú")
    picker.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    expect(picker.get_by_label("Xã, phường, đặc khu")).to_contain_text("Phường Hoàn Kiếm")
    assert_accessible(page)


def test_the_unit_page_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(BIRTH))
    log_in(page, applying.citizen)
    page.goto(url("application_unit", app))
    expect(page.get_by_role("radio", name=applying.office.unit.name)).to_be_checked()
    assert_accessible(page)


def test_the_files_page_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(BIRTH))
    log_in(page, applying.citizen)
    page.goto(url("application_files", app))
    expect(page.get_by_label("Giấy tờ tùy thân của người đi đăng ký")).to_be_visible()
    assert_accessible(page)


def test_a_file_refused_is_shown_accessibly(page, log_in, applying):
    app = applying.application(applying.version(BIRTH))
    log_in(page, applying.citizen)
    page.goto(url("application_files", app))
    page.get_by_label("Giấy tờ tùy thân của người đi đăng ký").set_input_files(
        {"name": "cccd.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}
    )
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.locator(".govuk-error-message").first).to_be_visible()
    assert_accessible(page)


def test_the_contact_page_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(MARRIAGE))
    log_in(page, applying.citizen)
    page.goto(url("application_contact", app))
    expect(page.get_by_role("button", name="Lưu và tiếp tục")).to_be_visible()
    assert_accessible(page)


def test_check_your_answers_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(RESIDENCE))
    log_in(page, applying.citizen)
    page.goto(url("application_check", app))
    expect(page.get_by_role("button", name="Nộp hồ sơ")).to_be_visible()
    assert_accessible(page)


def test_the_confirmation_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(MARRIAGE))
    log_in(page, applying.citizen)
    page.goto(url("application_check", app))
    # Submitting lodges the dossier and makes its receipt: on a loaded machine with
    # PostgreSQL that can outlast the 10 s a page is otherwise given.
    page.get_by_role("button", name="Nộp hồ sơ").click(timeout=SUBMIT_TIMEOUT_MS)
    expect(page).to_have_url(
        re.compile(re.escape(url("application_done", app)) + "$"), timeout=SUBMIT_TIMEOUT_MS
    )
    assert_accessible(page)
