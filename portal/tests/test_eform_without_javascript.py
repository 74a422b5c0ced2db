"""The e-form's pages with JavaScript off: an address is picked province first, then commune,
through the page itself; the questions that an answer asks for are on the page, not hidden.
And with JavaScript on, those questions show under the answer once it is chosen."""

from __future__ import annotations

import pytest

from core.testing_browser import expect
from portal.tests.eform_pages import BIRTH, RESIDENCE, Applying, url

pytestmark = pytest.mark.browser


@pytest.fixture
def applying(db: None) -> Applying:
    return Applying()


def test_an_address_is_picked_province_then_commune_without_javascript(
    page_without_js, log_in, applying
):
    page = page_without_js
    app = applying.application(applying.version(RESIDENCE), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, "request"))
    picker = page.get_by_role("group", name="Địa chỉ đề nghị đăng ký thường trú")
    picker.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    picker.get_by_role("button", name="Hiện các xã, phường của tỉnh này").click()
    picker = page.get_by_role("group", name="Địa chỉ đề nghị đăng ký thường trú")
    picker.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Hoàn Kiếm")
    picker.get_by_label("Số nhà, đường phố, thôn, xóm").fill("5 Tràng Tiền")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Nội dung đề nghị")
    app.draft.refresh_from_db()
    address = app.draft.data["eform"]["data"]["new_address"]
    assert (address["province"], address["commune"], address["street"]) == (1, 70, "5 Tràng Tiền")


def test_the_fathers_questions_are_on_the_page_without_javascript(
    page_without_js, log_in, applying
):
    page = page_without_js
    app = applying.application(applying.version(BIRTH), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, "parents"))
    expect(page.get_by_role("group", name="Cha", exact=True)).to_be_visible()


def test_the_fathers_questions_show_once_there_is_a_father(page, log_in, applying):
    app = applying.application(applying.version(BIRTH), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, "parents"))
    father = page.get_by_role("group", name="Cha", exact=True)
    expect(father).to_be_hidden()
    page.locator("#id_has_father").check()
    expect(father).to_be_visible()
