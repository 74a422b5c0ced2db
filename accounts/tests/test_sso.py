from __future__ import annotations

import http.client
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from django.test import override_settings

from accounts.models import LoginEvent, User
from accounts.tests.flow import (
    LOGIN,
    SSO_START,
    TOTP,
    ProviderTestCase,
    confirmed_device,
    logged_in_user_id,
)
from core.testing import create_citizen, create_officer


class SingleSignOnTestCase(ProviderTestCase):
    """Signing in with the national identity provider, end to end against a local one."""

    def test_the_login_page_offers_it(self) -> None:
        response = self.client.get(LOGIN)
        self.assertContains(response, "Đăng nhập bằng tài khoản định danh điện tử")

    def test_it_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(self) -> None:
        response = self.client.get(SSO_START)
        location = urlsplit(response["Location"])
        query = {k: v[0] for k, v in parse_qs(location.query).items()}
        self.assertEqual(
            (f"{location.scheme}://{location.netloc}{location.path}", query["response_type"]),
            (f"{self.provider.issuer}/authorize", "code"),
        )
        self.assertEqual(query["code_challenge_method"], "S256")
        self.assertTrue(query["state"] and query["nonce"] and query["code_challenge"])

    def test_a_new_person_gets_a_citizen_account_with_the_name(self) -> None:
        self.sign_in()
        user = User.objects.get(personal_id="001190000055")
        self.assertEqual((user.kind, user.full_name), (User.Kind.CITIZEN, "Lê Thị Thu"))
        self.assertFalse(user.has_usable_password())

    def test_the_person_is_logged_in(self) -> None:
        response = self.sign_in()
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        user = User.objects.get(personal_id="001190000055")
        self.assertEqual(logged_in_user_id(self.client), str(user.pk))

    def test_an_existing_account_is_found_by_the_personal_id(self) -> None:
        citizen = create_citizen(personal_id="001190000055", full_name="Lê Thị Thu")
        self.sign_in()
        self.assertEqual(logged_in_user_id(self.client), str(citizen.pk))
        self.assertEqual(User.objects.filter(personal_id="001190000055").count(), 1)

    def test_it_goes_on_to_next(self) -> None:
        response = self.sign_in(next_url="/thu-tuc/")
        self.assertRedirects(response, "/thu-tuc/", fetch_redirect_response=False)

    def test_the_sign_in_is_recorded(self) -> None:
        self.sign_in()
        event = LoginEvent.objects.get()
        self.assertEqual(
            (event.method, event.outcome, event.identifier),
            (LoginEvent.Method.SSO, LoginEvent.Outcome.SUCCESS, "001190000055"),
        )

    def test_discovery_and_keys_are_cached(self) -> None:
        self.sign_in()
        self.client.logout()
        self.sign_in()
        fetched = [path for method, path in self.provider.requests if method == "GET"]
        self.assertEqual(fetched.count("/.well-known/openid-configuration"), 1)
        self.assertEqual(fetched.count("/jwks"), 1)

    def test_the_personal_id_claim_is_a_setting(self) -> None:
        self.provider.person = {"sub": "abc-123", "so_dinh_danh": "001190000056", "name": "Thu"}
        with override_settings(MOTCUA_OIDC_ID_CLAIM="so_dinh_danh"):
            self.sign_in()
        self.assertTrue(User.objects.filter(personal_id="001190000056").exists())

    def test_a_claim_missing_from_the_id_token_is_read_from_userinfo(self) -> None:
        self.provider.person = {"sub": "abc-124", "so_dinh_danh": "001190000057", "name": "Thu"}
        self.provider.userinfo_only = ("so_dinh_danh",)
        with override_settings(MOTCUA_OIDC_ID_CLAIM="so_dinh_danh"):
            self.sign_in()
        self.assertTrue(User.objects.filter(personal_id="001190000057").exists())

    def test_an_officer_still_needs_the_totp_code(self) -> None:
        officer = create_officer(personal_id="001190000055")
        confirmed_device(officer)
        response = self.sign_in()
        self.assertRedirects(response, TOTP, fetch_redirect_response=False)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_it_is_off_without_an_issuer(self) -> None:
        with override_settings(MOTCUA_OIDC_ISSUER=""):
            self.assertEqual(self.client.get(SSO_START).status_code, 404)

    def test_the_local_provider_asks_a_developer_who_signs_in(self) -> None:
        self.provider.person = None
        parts = urlsplit(self.client.get(SSO_START)["Location"])
        form = [*parse_qsl(parts.query), ("personal_id", "001190000058"), ("name", "Phát Triển")]
        connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=5)
        connection.request(
            "POST",
            "/authorize",
            body=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        back = urlsplit(connection.getresponse().getheader("Location", ""))
        connection.close()
        self.client.get(f"{back.path}?{back.query}")
        self.assertEqual(User.objects.get(personal_id="001190000058").full_name, "Phát Triển")
