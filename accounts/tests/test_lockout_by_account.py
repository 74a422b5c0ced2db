"""The lock belongs to the account, whichever name reached it: an officer locked by wrong
passwords under their user name is still locked when single sign-on (which names them by their
personal ID number) brings them to the TOTP step."""

from __future__ import annotations

from accounts.models import User
from accounts.tests.flow import (
    LOGIN,
    TOTP,
    ProviderTestCase,
    confirmed_device,
    current_totp,
    logged_in_user_id,
)
from accounts.tests.test_lockout import LOCKED
from core.testing import create_officer


class LockoutByAccountTestCase(ProviderTestCase):
    officer: User

    def setUp(self) -> None:
        super().setUp()
        self.officer = create_officer(username="canbo.sso", personal_id=self.person["sub"])
        confirmed_device(self.officer)

    def wrong_passwords(self, times: int) -> None:
        for _attempt in range(times):
            self.client.post(LOGIN, {"username": "canbo.sso", "password": "sai"})

    def test_a_locked_officer_is_refused_at_the_totp_step_after_single_sign_on(self) -> None:
        self.wrong_passwords(5)
        self.assertRedirects(self.sign_in(), TOTP, fetch_redirect_response=False)
        response = self.client.post(TOTP, {"code": current_totp(self.officer)})
        self.assertContains(response, LOCKED, status_code=429)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_wrong_totp_codes_after_single_sign_on_count_with_the_wrong_passwords(self) -> None:
        self.wrong_passwords(4)
        self.sign_in()
        wrong = "000000" if current_totp(self.officer) != "000000" else "111111"
        response = self.client.post(TOTP, {"code": wrong})
        self.assertContains(response, LOCKED, status_code=429)
