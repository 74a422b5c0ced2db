from __future__ import annotations

import socket

from django.test import override_settings

from accounts.models import LoginEvent, User
from accounts.tests.flow import SSO_START, ProviderTestCase, logged_in_user_id, through_provider
from core.testing import create_citizen, create_officer

REFUSED = "Không xác thực được thông tin đăng nhập từ hệ thống định danh điện tử."
EXPIRED_SESSION = "Phiên đăng nhập đã hết hạn hoặc không hợp lệ."
UNAVAILABLE = "Không kết nối được với hệ thống định danh điện tử."


class SingleSignOnRefusalTestCase(ProviderTestCase):
    """What the provider sends back is checked; a failure logs nobody in and writes nothing."""

    def assert_nothing_happened(self) -> None:
        self.assertIsNone(logged_in_user_id(self.client))
        self.assertFalse(User.objects.filter(personal_id="001190000055").exists())
        self.assertFalse(LoginEvent.objects.exists())
        self.assertNotIn("motcua_oidc", self.client.session)

    def test_a_token_signed_with_another_key_is_refused(self) -> None:
        self.provider.sign_with_foreign_key = True
        response = self.sign_in()
        self.assertContains(response, REFUSED, status_code=400)
        self.assert_nothing_happened()

    def test_a_token_with_another_nonce_is_refused(self) -> None:
        self.provider.nonce_override = "not-the-nonce-we-sent"
        response = self.sign_in()
        self.assertContains(response, REFUSED, status_code=400)
        self.assert_nothing_happened()

    def test_an_expired_token_is_refused(self) -> None:
        self.provider.lifetime_seconds = -120
        response = self.sign_in()
        self.assertContains(
            response,
            "Phiên đăng nhập từ hệ thống định danh điện tử đã hết hạn.",
            status_code=400,
        )
        self.assert_nothing_happened()

    def test_a_token_for_another_client_is_refused(self) -> None:
        self.provider.audience_override = "another-client"
        response = self.sign_in()
        self.assertContains(response, REFUSED, status_code=400)
        self.assert_nothing_happened()

    def test_a_token_from_another_issuer_is_refused(self) -> None:
        self.provider.issuer_override = "https://idp.example.vn"
        response = self.sign_in()
        self.assertContains(response, REFUSED, status_code=400)
        self.assert_nothing_happened()

    def test_a_wrong_state_is_refused(self) -> None:
        start = self.client.get(SSO_START)
        callback = through_provider(start["Location"]).replace("state=", "state=x")
        response = self.client.get(callback)
        self.assertContains(response, EXPIRED_SESSION, status_code=400)
        self.assert_nothing_happened()

    def test_a_callback_is_good_once(self) -> None:
        start = self.client.get(SSO_START)
        callback = through_provider(start["Location"])
        self.client.get(callback)
        self.client.logout()
        response = self.client.get(callback)
        self.assertContains(response, EXPIRED_SESSION, status_code=400)

    def test_a_callback_without_a_started_sign_in_is_refused(self) -> None:
        response = self.client.get(SSO_START + "ve/?code=abc&state=def")
        self.assertContains(response, EXPIRED_SESSION, status_code=400)
        self.assert_nothing_happened()

    def test_a_cancelled_sign_in_is_explained(self) -> None:
        self.client.get(SSO_START)
        state = self.client.session["motcua_oidc"]["state"]
        response = self.client.get(SSO_START + "ve/", {"error": "access_denied", "state": state})
        self.assertContains(response, "có thể bạn đã hủy", status_code=400)
        self.assert_nothing_happened()

    def test_a_provider_that_is_down_is_explained(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
        with override_settings(MOTCUA_OIDC_ISSUER=closed):
            response = self.client.get(SSO_START)
        self.assertContains(response, UNAVAILABLE, status_code=503)
        self.assert_nothing_happened()

    def test_a_token_endpoint_that_fails_is_explained(self) -> None:
        self.provider.token_endpoint_down = True
        response = self.sign_in()
        self.assertContains(response, UNAVAILABLE, status_code=503)
        self.assert_nothing_happened()

    def test_a_claim_that_is_no_personal_id_is_refused(self) -> None:
        self.provider.person = {"sub": "khong-phai-so-dinh-danh", "name": "Ai Đó"}
        response = self.sign_in()
        self.assertContains(response, "không cho biết số định danh cá nhân hợp lệ", status_code=400)
        self.assertFalse(User.objects.filter(full_name="Ai Đó").exists())
        self.assertIsNone(logged_in_user_id(self.client))

    def test_an_inactive_account_is_refused(self) -> None:
        create_citizen(personal_id="001190000055", is_active=False)
        response = self.sign_in()
        self.assertContains(response, "Tài khoản này đã bị khóa.", status_code=403)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_provider_address_without_https_is_refused(self) -> None:
        with override_settings(MOTCUA_OIDC_ISSUER="http://idp.example.vn"):
            response = self.client.get(SSO_START)
        self.assertContains(response, UNAVAILABLE, status_code=503)

    def test_an_officer_without_an_authenticator_must_set_it_up_with_the_password(self) -> None:
        create_officer(personal_id="001190000055")
        response = self.sign_in()
        self.assertContains(response, "chưa thiết lập xác thực hai lớp", status_code=403)
        self.assertNotIn("motcua_login_pending", self.client.session)
