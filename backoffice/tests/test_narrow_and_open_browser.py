"""The dossier page with every action panel open passes axe-core, at each state; the inbox
and "Hồ sơ của tôi" with long data do not scroll sideways at 320 px, their tables scrolling
in their own region (the due-date column reachable)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing_browser import assert_accessible, expect
from dossiers.testing import (
    Office,
    create_counter_dossier,
    create_decided_dossier,
    create_dossier,
    create_dossier_at_last_step,
    create_procedure,
    create_received_dossier,
    create_supplement_requested_dossier,
)

pytestmark = pytest.mark.browser

OPEN_ALL = "document.querySelectorAll('details').forEach(d => d.open = true)"
LONG = "Thủ tục cấp giấy xác nhận thông tin về cư trú cho công dân có nơi thường trú tại phường"


@pytest.fixture
def office():
    return Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")


STATES = {
    "submitted": (create_dossier, "desk"),
    "counter": (create_counter_dossier, "desk"),
    "received": (create_received_dossier, "specialist"),
    "last_step": (create_dossier_at_last_step, "leader"),
    "decided": (create_decided_dossier, "desk"),
    "supplement": (create_supplement_requested_dossier, "specialist"),
}


@pytest.mark.parametrize("state", list(STATES))
def test_the_dossier_page_with_every_panel_open_is_accessible(page, log_in, office, state):
    build, role = STATES[state]
    dossier = build(create_procedure(days=3), office)
    log_in(page, getattr(office, role))
    page.goto(reverse("backoffice:dossier", args=[dossier.code]))
    expect(page.get_by_role("heading", name="Thao tác", exact=True)).to_be_visible()
    page.evaluate(OPEN_ALL)
    assert_accessible(page)


def fits_320(page, due_column: str) -> None:
    """At 320 px the page does not scroll sideways, and the due-date column is reached by
    scrolling the table's own region."""
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    due = page.get_by_role("columnheader", name=due_column, exact=True)
    due.scroll_into_view_if_needed()
    expect(due).to_be_in_viewport()


def test_the_inbox_fits_320_px_with_long_data(page, log_in, office):
    version = create_procedure(days=3, name=LONG)
    create_dossier(version, office)
    log_in(page, office.desk)
    page.goto(reverse("backoffice:inbox"))
    expect(page.get_by_text(LONG)).to_be_visible()
    fits_320(page, "Hạn")
    assert_accessible(page)


def test_my_dossiers_fits_320_px_with_long_data(page, log_in, office):
    version = create_procedure(days=3, name=LONG)
    dossier = create_received_dossier(version, office)
    log_in(page, dossier.applicant)
    page.goto(reverse("portal:my_dossiers"))
    expect(page.get_by_text(LONG).first).to_be_visible()
    fits_320(page, "Hẹn trả kết quả")
    assert_accessible(page)
