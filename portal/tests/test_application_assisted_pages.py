"""The pages of lodging for a citizen ("nộp thay") pass axe-core (WCAG 2.1 A and AA) in
Chromium, and the way in works without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing import create_citizen
from core.testing_browser import assert_accessible, expect
from dossiers.testing import Office, create_procedure
from eforms.testing import sample_declaration

pytestmark = pytest.mark.browser


@pytest.fixture
def version():
    Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")
    return create_procedure(days=5, declaration_schema=sample_declaration())


@pytest.fixture
def helper():
    return create_citizen(full_name="Lê Tổ Số", is_digital_team=True)


def test_the_behalf_page_is_accessible(page, log_in, version, helper):
    log_in(page, helper)
    page.goto(reverse("portal:apply_assisted", args=[version.procedure.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp thay người dân")
    assert_accessible(page)


def test_the_behalf_page_with_errors_is_accessible(page, log_in, version, helper):
    log_in(page, helper)
    page.goto(reverse("portal:apply_assisted", args=[version.procedure.code]))
    page.get_by_label("Số định danh cá nhân của người dân").fill("12345")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Cần xác nhận người dân đã đồng ý để bạn nộp thay."
    )
    assert_accessible(page)


def test_a_helper_starts_for_a_citizen_without_javascript(page_without_js, log_in, version, helper):
    page = page_without_js
    log_in(page, helper)
    page.goto(reverse("portal:apply", args=[version.procedure.code]))
    page.get_by_role("button", name="Nộp thay cho người dân").click()
    page.get_by_label("Số định danh cá nhân của người dân").fill("001190000777")
    page.get_by_label("Họ và tên người dân").fill("Phạm Thị Hoa")
    page.get_by_label("Số điện thoại của người dân").fill("0912000777")
    page.get_by_label("Người dân đã đồng ý để tôi nộp hồ sơ này thay họ", exact=False).check()
    page.get_by_label("Cách người dân đồng ý").fill("Ký vào phiếu đồng ý tại điểm hỗ trợ")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    expect(page.get_by_text("Bạn đang nộp thay cho Phạm Thị Hoa")).to_be_visible()
