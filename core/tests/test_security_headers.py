from __future__ import annotations

from django.test import TestCase

from core.testing import create_citizen, create_officer, create_unit


class ContentSecurityPolicyTestCase(TestCase):
    def policy(self, path: str) -> dict[str, str]:
        header = self.client.get(path).headers["Content-Security-Policy"]
        return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())

    def test_scripts_come_only_from_our_own_files(self) -> None:
        self.assertEqual(self.policy("/")["script-src"], "'self'")

    def test_styles_come_only_from_our_own_files(self) -> None:
        self.assertEqual(self.policy("/thu-tuc/")["style-src"], "'self'")

    def test_no_page_may_frame_ours(self) -> None:
        self.assertEqual(self.policy("/")["frame-ancestors"], "'none'")


class PrivatePagesTestCase(TestCase):
    def test_a_back_office_page_is_never_stored(self) -> None:
        self.client.force_login(create_officer(create_unit()))
        response = self.client.get("/can-bo/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_the_back_office_login_redirect_is_never_stored(self) -> None:
        response = self.client.get("/can-bo/")
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_a_citizens_own_page_is_never_stored(self) -> None:
        self.client.force_login(create_citizen())
        response = self.client.get("/ho-so-cua-toi/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_a_public_page_seen_anonymously_may_be_cached(self) -> None:
        response = self.client.get("/thu-tuc/")
        self.assertNotIn("no-store", response.headers.get("Cache-Control", ""))
