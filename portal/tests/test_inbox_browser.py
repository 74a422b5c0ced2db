"""The citizen's message centre and "Cách nhận thông báo" in Chromium: each state passes
axe-core (WCAG 2.1 A and AA) and the message centre reflows at 320 px; marking read and saving
the choices work without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing import create_citizen
from core.testing_browser import assert_accessible, check_page, expect
from dossiers.testing import Office, create_procedure, create_received_dossier
from notifications import inbox
from notifications.models import ContactPreference
from notifications.tests.inbox_messages import in_app_message, read

pytestmark = pytest.mark.browser


@pytest.fixture
def citizen():
    return create_citizen(phone="0987654321", full_name="Nguyễn Thị Lan")


def test_the_message_centre_is_accessible(page, log_in, citizen):
    # A message about the citizen's dossier (linked, with a long lookup address), one read.
    create_received_dossier(create_procedure(days=3), Office.create(), applicant=citizen)
    inbox.mark_read(citizen, [in_app_message(citizen).pk])
    log_in(page, citizen)
    page.goto(reverse("portal:inbox"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo của tôi")
    expect(page.get_by_text("Bạn có 1 thông báo chưa đọc.")).to_be_visible()
    check_page(page, "thong-bao")


def test_the_empty_message_centre_is_accessible(page, log_in, citizen):
    log_in(page, citizen)
    page.goto(reverse("portal:inbox"))
    expect(page.get_by_text("Chưa có thông báo nào.")).to_be_visible()
    assert_accessible(page)


def test_the_unread_count_is_read_out_in_the_header(page, log_in, citizen):
    in_app_message(citizen)
    in_app_message(citizen)
    log_in(page, citizen)
    page.goto(reverse("portal:my_dossiers"))
    expect(page.get_by_role("link", name="Thông báo của tôi 2 chưa đọc")).to_be_visible()


def test_the_contact_preferences_are_accessible(page, log_in, citizen):
    log_in(page, citizen)
    page.goto(reverse("portal:contact_preferences"))
    expect(page.get_by_label("Tin nhắn SMS")).to_be_checked()
    check_page(page, "cach-nhan")


def test_the_contact_preferences_errors_are_accessible(page, log_in, citizen):
    log_in(page, citizen)
    page.goto(reverse("portal:contact_preferences"))
    # A browser cannot leave a radio group empty once one is chosen: remove the choice.
    page.locator("input[name=language]:checked").evaluate("input => { input.checked = false; }")
    page.get_by_role("button", name="Lưu lựa chọn").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Chọn ngôn ngữ của thông báo.")
    check_page(page, "cach-nhan-loi")


def test_it_marks_a_message_read_without_javascript(page_without_js, log_in, citizen):
    page = page_without_js
    message = in_app_message(citizen)
    other = in_app_message(citizen)
    log_in(page, citizen)
    page.goto(reverse("portal:inbox"))
    page.get_by_role("button", name=f"Đánh dấu đã đọc {message.subject}").click()
    expect(page.get_by_text("Đã đánh dấu thông báo là đã đọc.")).to_be_visible()
    expect(page.get_by_text("Bạn có 1 thông báo chưa đọc.")).to_be_visible()
    assert read(message).read_at is not None
    assert read(other).read_at is None


def test_it_marks_everything_read_without_javascript(page_without_js, log_in, citizen):
    page = page_without_js
    for _ in range(2):
        in_app_message(citizen)
    log_in(page, citizen)
    page.goto(reverse("portal:inbox"))
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    expect(page.get_by_text("Bạn đã đọc hết thông báo.")).to_be_visible()
    assert inbox.unread_count(citizen) == 0


def test_it_saves_the_choices_without_javascript(page_without_js, log_in, citizen):
    page = page_without_js
    log_in(page, citizen)
    page.goto(reverse("portal:contact_preferences"))
    page.get_by_label("Tin nhắn Zalo").uncheck()
    page.get_by_label("Nhận cả thông báo không bắt buộc").uncheck()
    page.get_by_label("Tiếng Anh").check()
    page.get_by_role("button", name="Lưu lựa chọn").click()
    expect(page.get_by_text("Đã lưu cách nhận thông báo của bạn.")).to_be_visible()
    saved = ContactPreference.objects.get(user=citizen)
    assert (saved.sms, saved.zalo, saved.non_essential, saved.language) == (
        True,
        False,
        False,
        "en",
    )
