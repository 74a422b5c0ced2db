"""The site's own error pages: 404 and 403 in the site's design, a 500 page that renders with
no request context and no database, and a favicon where browsers look for it."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory, SimpleTestCase, TestCase
from django.views.defaults import server_error


class DebugInTestsTestCase(SimpleTestCase):
    def test_tests_run_with_debug_off_so_the_sites_error_pages_render(self) -> None:
        # Django's test runner turns DEBUG off whatever the environment says: the pages below
        # are what production shows.
        self.assertFalse(settings.DEBUG)


class NotFoundPageTestCase(TestCase):
    def page(self) -> str:
        response = self.client.get("/khong-co-trang-nay/")
        self.assertEqual(response.status_code, 404)
        return response.content.decode()

    def test_it_says_so_in_vietnamese(self) -> None:
        self.assertIn("Không tìm thấy trang", self.page())

    def test_it_is_in_the_sites_design(self) -> None:
        self.assertIn('class="govuk-header', self.page())

    def test_it_offers_ways_on(self) -> None:
        self.assertIn('href="/thu-tuc/"', self.page())


class ServerErrorPageTestCase(SimpleTestCase):
    """Django's server_error renders 500.html without context processors; so must we."""

    databases: set[str] = set()  # any query would fail the test

    def page(self) -> str:
        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        return response.content.decode()

    def test_it_says_so_in_vietnamese_and_english(self) -> None:
        page = self.page()
        self.assertIn("Hệ thống đang gặp sự cố", page)
        self.assertIn("Sorry, something went wrong", page)

    def test_it_links_the_sites_stylesheet_by_a_plain_path(self) -> None:
        self.assertIn('href="/static/motcua/site.css"', self.page())

    def test_every_file_it_links_exists(self) -> None:
        linked = re.findall(r'href="/static/([^"]+)"', self.page())
        self.assertEqual([path for path in linked if finders.find(path) is None], [])
        self.assertGreaterEqual(len(linked), 3)


class FaviconTestCase(TestCase):
    def test_the_browsers_default_request_finds_it(self) -> None:
        response = self.client.get("/favicon.ico")
        self.assertRedirects(response, "/static/motcua/favicon.ico", fetch_redirect_response=False)

    def test_pages_link_it(self) -> None:
        self.assertContains(self.client.get("/"), 'href="/static/motcua/favicon.svg"')
