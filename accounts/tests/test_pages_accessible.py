"""The sign-in page passes axe-core (WCAG 2.1 A and AA) in Chromium."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing_browser import assert_accessible

pytestmark = pytest.mark.browser


def test_the_login_page_is_accessible(page):
    page.goto(reverse("accounts:login"))
    assert_accessible(page)
