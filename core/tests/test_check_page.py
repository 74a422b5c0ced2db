"""check_page: a journey's page is checked with axe-core, at 320 px for reflow, and kept as
screenshots at both widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.outcomes import Failed
from django.urls import reverse

from core.testing_browser import check_page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MOTCUA_SCREENSHOTS", str(tmp_path))
    return tmp_path


def test_it_keeps_a_screenshot_at_each_width(page, shots):
    page.goto(reverse("portal:home"))
    check_page(page, "home")
    names = sorted(p.name for p in shots.rglob("*.png"))
    assert names == [
        "test_it_keeps_a_screenshot_at_each_width-01-home-1280.png",
        "test_it_keeps_a_screenshot_at_each_width-01-home-320.png",
    ]


def test_it_numbers_the_pages_of_a_test_in_order(page, shots):
    page.goto(reverse("portal:home"))
    check_page(page, "first")
    check_page(page, "second")
    assert any(
        p.name.startswith("test_it_numbers_the_pages_of_a_test_in_order-02-second")
        for p in shots.rglob("*.png")
    )


def test_it_gives_the_browser_back_its_desktop_width(page, shots):
    page.goto(reverse("portal:home"))
    check_page(page, "home")
    assert page.viewport_size == {"width": 1280, "height": 900}


def test_it_fails_a_page_that_scrolls_sideways_at_320_px(page, shots):
    page.goto(reverse("portal:home"))
    expect(page.locator("main")).to_be_visible()
    page.evaluate(
        "() => { const t = document.createElement('table'); t.id = 'wide';"
        " t.innerHTML = '<tr><td>' + 'Hạn'.repeat(200) + '</td></tr>';"
        " document.querySelector('main').append(t); }"
    )
    with pytest.raises(Failed, match=r"too wide.*table#wide"):
        check_page(page, "wide")


def test_it_fails_a_page_axe_core_finds_fault_with(page, shots):
    page.goto(reverse("portal:home"))
    expect(page.locator("main")).to_be_visible()
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(Failed, match="image-alt"):
        check_page(page, "no-alt")
