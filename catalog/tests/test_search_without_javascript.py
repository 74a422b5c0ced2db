"""A core journey without JavaScript: search the catalog, open the procedure found."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from catalog.transfer import load_catalog_file
from core.testing_browser import expect
from demo.builders import CATALOG_FILE

pytestmark = pytest.mark.browser


def test_it_finds_and_opens_a_procedure_without_javascript(page_without_js):
    page = page_without_js
    load_catalog_file(CATALOG_FILE)
    page.goto(reverse("catalog:list"))
    page.get_by_label("Tìm thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(re.compile(r"\?q=dang\+ky\+khai\+sinh"))
    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("catalog:detail", args=["1.001193"]))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
