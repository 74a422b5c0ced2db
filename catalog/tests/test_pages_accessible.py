"""The catalog's pages pass axe-core (WCAG 2.1 A and AA) in Chromium, on the demo catalog."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catalog.transfer import load_catalog_file
from core.testing_browser import assert_accessible
from demo.builders import CATALOG_FILE

pytestmark = pytest.mark.browser


def test_the_list_is_accessible(page):
    load_catalog_file(CATALOG_FILE)
    page.goto(reverse("catalog:list"))
    assert_accessible(page)


def test_a_search_without_results_is_accessible(page):
    load_catalog_file(CATALOG_FILE)
    page.goto(reverse("catalog:list") + "?q=khong+co+thu+tuc+nay")
    assert_accessible(page)


def test_a_procedure_is_accessible(page):
    load_catalog_file(CATALOG_FILE)
    page.goto(reverse("catalog:detail", args=["1.001193"]))
    assert_accessible(page)
