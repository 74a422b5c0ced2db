"""An administrator enters an official day swap in the admin and publishes a workflow, in
Chromium, with every page checked by axe-core (and at 320 px) on the way."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from accounts.models import Role
from catalog.models import Workflow
from catalog.workflows import copy_as_draft, create_default_workflow
from core.testing import create_officer, create_unit, create_version
from core.testing_browser import check_page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def province_admin():
    return create_officer(create_unit(), roles=(Role.UNIT_ADMIN,))


def test_an_administrator_enters_a_swap_and_sees_the_weekdays(page, log_in, province_admin):
    log_in(page, province_admin)
    page.goto("/quan-tri/workdays/dayswap/add/")
    check_page(page, "swap-form")

    page.get_by_label("Ngày đi làm bù").fill("13/02/2027")
    expect(page.locator("#id_worked_date_weekday")).to_have_text("Thứ Bảy, 13/02/2027")
    page.get_by_label("Ngày được nghỉ").fill("12/02/2027")
    expect(page.locator("#id_off_date_weekday")).to_have_text("Thứ Sáu, 12/02/2027")
    page.get_by_label("Tên, lý do").fill("Hoán đổi dịp Tết Đinh Mùi")
    page.get_by_label("Căn cứ").fill("Thông báo của Bộ Nội vụ")
    check_page(page, "swap-form-filled")

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Thứ Bảy, 13/02/2027")
    expect(page.locator("#result_list")).to_contain_text(
        "Thứ Bảy, 13/02/2027 làm bù cho Thứ Sáu, 12/02/2027"
    )
    check_page(page, "swap-list")


def test_the_weekday_echo_warns_of_an_impossible_date(page, log_in, province_admin):
    log_in(page, province_admin)
    page.goto("/quan-tri/workdays/dayswap/add/")
    page.get_by_label("Ngày đi làm bù").fill("31/02/2027")
    expect(page.locator("#id_worked_date_weekday")).to_have_text("Ngày này không có thật")


def test_an_administrator_publishes_a_workflow(page, log_in, province_admin):
    workflow = copy_as_draft(create_default_workflow(create_version()))
    log_in(page, province_admin)
    page.goto("/quan-tri/catalog/workflow/")
    check_page(page, "workflow-list")

    page.locator(f"input[name=_selected_action][value='{workflow.pk}']").check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile(r"^\s*Đã công bố"))
    check_page(page, "workflow-published")
    workflow.refresh_from_db()
    assert workflow.status == Workflow.Status.PUBLISHED


def test_the_today_link_shows_its_weekday(page, log_in, province_admin):
    log_in(page, province_admin)
    page.goto("/quan-tri/workdays/dayswap/add/")
    page.locator(".field-worked_date .datetimeshortcuts a").first.click()  # "Hôm nay"
    expect(page.locator("#id_worked_date_weekday")).to_have_text(
        re.compile(r"^(Thứ [^,]+|Chủ nhật), \d{2}/\d{2}/\d{4}$")
    )


def test_the_weekday_is_shown_in_english(page, log_in, province_admin, live_server):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    log_in(page, province_admin)
    page.goto("/quan-tri/workdays/dayswap/add/")
    page.locator("#id_worked_date").fill("13/02/2027")
    expect(page.locator("#id_worked_date_weekday")).to_have_text("Saturday 13/02/2027")
    check_page(page, "swap-form-english")


def test_a_procedure_version_date_shows_its_weekday(page, log_in, province_admin):
    version = create_version(status="draft")
    log_in(page, province_admin)
    page.goto(f"/quan-tri/catalog/procedureversion/{version.pk}/change/")
    page.locator("#id_effective_to").fill("10/02/2027")
    expect(page.locator("#id_effective_to_weekday")).to_have_text("Thứ Tư, 10/02/2027")
    check_page(page, "version-form")


def test_without_javascript_the_saved_swap_echoes_its_weekdays(
    page_without_js, log_in, province_admin
):
    page = page_without_js
    log_in(page, province_admin)
    page.goto("/quan-tri/workdays/dayswap/add/")
    page.get_by_label("Ngày đi làm bù").fill("13/02/2027")
    page.get_by_label("Ngày được nghỉ").fill("12/02/2027")
    page.get_by_label("Tên, lý do").fill("Hoán đổi dịp Tết Đinh Mùi")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Thứ Bảy, 13/02/2027 làm bù cho Thứ Sáu, 12/02/2027"
    )
