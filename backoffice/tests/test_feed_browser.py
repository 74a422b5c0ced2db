"""The officer's feed ("Bảng tin") in Chromium: it passes axe-core (WCAG 2.1 A and AA) and
reflows at 320 px; a message is marked read without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing_browser import assert_accessible, check_page, expect
from dossiers.testing import Office, create_dossier, create_procedure
from notifications import inbox
from notifications.tests.inbox_messages import in_app_message, read

pytestmark = pytest.mark.browser


@pytest.fixture
def office():
    return Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")


def test_the_feed_is_accessible(page, log_in, office):
    dossier = create_dossier(create_procedure(days=3), office)
    in_app_message(office.desk, kind="inbox_arrived", dossier=dossier)
    inbox.mark_read(office.desk, [in_app_message(office.desk, kind="overdue").pk])
    log_in(page, office.desk)
    page.goto(reverse("backoffice:feed"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng tin")
    expect(page.get_by_role("link", name=f"Xem hồ sơ {dossier.code}")).to_be_visible()
    check_page(page, "bang-tin")


def test_the_empty_feed_is_accessible(page, log_in, office):
    log_in(page, office.desk)
    page.goto(reverse("backoffice:feed"))
    expect(page.get_by_text("Chưa có thông báo nào.")).to_be_visible()
    assert_accessible(page)


def test_it_marks_a_message_read_without_javascript(page_without_js, log_in, office):
    page = page_without_js
    message = in_app_message(office.desk, kind="due_soon")
    log_in(page, office.desk)
    page.goto(reverse("backoffice:feed"))
    expect(page.get_by_role("link", name="Bảng tin 1 chưa đọc")).to_be_visible()
    page.get_by_role("button", name=f"Đánh dấu đã đọc {message.subject}").click()
    expect(page.get_by_text("Bạn đã đọc hết thông báo.")).to_be_visible()
    expect(page.get_by_role("link", name="Bảng tin", exact=True)).to_be_visible()
    assert read(message).read_at is not None
