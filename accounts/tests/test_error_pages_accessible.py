"""The site's error pages pass axe-core and reflow at 320 px: the 404 page, and the 403 page an
inspector gets on opening the admin."""

from __future__ import annotations

import pytest

from accounts.models import Role
from core.testing import create_officer, create_unit
from core.testing_browser import check_page, expect

pytestmark = pytest.mark.browser


def test_the_not_found_page_is_accessible(page):
    response = page.goto("/khong-co-trang-nay/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    check_page(page, "not-found")


def test_the_admin_refusal_of_an_inspector_is_accessible(page, log_in, db):
    log_in(page, create_officer(create_unit(), roles=(Role.INSPECTOR,)))
    response = page.goto("/quan-tri/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("link", name="Về trang làm việc của bạn")).to_be_visible()
    check_page(page, "admin-forbidden")


def test_the_unknown_document_page_is_accessible(page):
    response = page.goto("/van-ban/VB-ZZZZ-ZZZZ-ZZZZ/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy văn bản")
    check_page(page, "document-not-found")
