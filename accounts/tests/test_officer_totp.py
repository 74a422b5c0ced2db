from __future__ import annotations

from datetime import timedelta

import pyotp
import time_machine
from django.test import TestCase
from django.utils import timezone

from accounts.models import LoginEvent, TOTPDevice, User
from accounts.tests.flow import (
    ENROL,
    LOGIN,
    TOTP,
    confirmed_device,
    current_totp,
    logged_in_user_id,
)
from core.testing import PASSWORD, create_officer, create_unit


class OfficerTOTPTestCase(TestCase):
    """Officers and superusers: password, then the code of their authenticator app."""

    officer: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.officer = create_officer(create_unit(), username="canbo.totp")

    def password(self, username: str = "canbo.totp") -> None:
        self.client.post(LOGIN, {"username": username, "password": PASSWORD})

    def test_the_enrolment_page_shows_a_qr_code_and_the_secret(self) -> None:
        self.password()
        response = self.client.get(ENROL)
        device = TOTPDevice.objects.get(user=self.officer)
        self.assertContains(response, "data:image/svg+xml")
        self.assertContains(response, device.secret[:4])

    def test_the_secret_stays_the_same_until_confirmed(self) -> None:
        self.password()
        self.client.get(ENROL)
        first = TOTPDevice.objects.get(user=self.officer).secret
        self.client.get(ENROL)
        self.assertEqual(TOTPDevice.objects.get(user=self.officer).secret, first)

    def test_a_valid_code_confirms_the_device_and_logs_in(self) -> None:
        self.password()
        self.client.get(ENROL)
        self.client.post(ENROL, {"code": current_totp(self.officer)})
        self.assertIsNotNone(TOTPDevice.objects.get(user=self.officer).confirmed_at)
        self.assertEqual(logged_in_user_id(self.client), str(self.officer.pk))

    def test_a_wrong_code_does_not_confirm_the_device(self) -> None:
        self.password()
        self.client.get(ENROL)
        secret = TOTPDevice.objects.get(user=self.officer).secret
        wrong = pyotp.TOTP(secret).at(timezone.now() - timedelta(hours=1))
        response = self.client.post(ENROL, {"code": wrong})
        self.assertContains(response, "Mã không đúng hoặc đã hết hạn.")
        self.assertIsNone(TOTPDevice.objects.get(user=self.officer).confirmed_at)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_the_officer_is_not_logged_in_before_the_code(self) -> None:
        confirmed_device(self.officer)
        self.password()
        self.assertIsNone(logged_in_user_id(self.client))

    def test_the_back_office_stays_closed_before_the_code(self) -> None:
        confirmed_device(self.officer)
        self.password()
        response = self.client.get("/can-bo/")
        self.assertRedirects(response, f"{LOGIN}?next=/can-bo/", fetch_redirect_response=False)

    def test_a_valid_code_logs_the_officer_in(self) -> None:
        confirmed_device(self.officer)
        self.password()
        self.client.post(TOTP, {"code": current_totp(self.officer)})
        self.assertEqual(logged_in_user_id(self.client), str(self.officer.pk))

    def test_the_back_office_opens_after_the_code(self) -> None:
        confirmed_device(self.officer)
        self.password()
        self.client.post(TOTP, {"code": current_totp(self.officer)})
        self.assertEqual(self.client.get("/can-bo/").status_code, 200)

    def test_a_code_cannot_be_used_twice(self) -> None:
        confirmed_device(self.officer)
        with time_machine.travel(timezone.now(), tick=False):
            code = current_totp(self.officer)
            self.password()
            self.client.post(TOTP, {"code": code})
            self.client.logout()
            self.password()
            response = self.client.post(TOTP, {"code": code})
        self.assertContains(response, "Mã không đúng hoặc đã hết hạn.")
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_code_in_superscript_digits_is_refused_not_a_server_error(self) -> None:
        confirmed_device(self.officer)
        self.password()
        response = self.client.post(TOTP, {"code": "²²²²²²"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_code_typed_in_full_width_digits_is_read_as_ascii(self) -> None:
        confirmed_device(self.officer)
        self.password()
        code = current_totp(self.officer).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
        self.client.post(TOTP, {"code": code})
        self.assertEqual(logged_in_user_id(self.client), str(self.officer.pk))

    def test_a_wrong_code_is_refused_and_recorded(self) -> None:
        device = confirmed_device(self.officer)
        self.password()
        wrong = pyotp.TOTP(device.secret).at(timezone.now() - timedelta(hours=1))
        self.client.post(TOTP, {"code": wrong})
        self.assertIsNone(logged_in_user_id(self.client))
        self.assertTrue(
            LoginEvent.objects.filter(
                user=self.officer,
                method=LoginEvent.Method.TOTP,
                outcome=LoginEvent.Outcome.FAILURE,
            ).exists()
        )

    def test_the_code_page_without_a_password_step_sends_back_to_login(self) -> None:
        confirmed_device(self.officer)
        response = self.client.post(TOTP, {"code": current_totp(self.officer)})
        self.assertRedirects(response, LOGIN, fetch_redirect_response=False)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_superuser_needs_the_code_too(self) -> None:
        User.objects.create_superuser(
            "sieuquantri",
            password=PASSWORD,
            full_name="Siêu Quản Trị",
            kind=User.Kind.CITIZEN,
            personal_id="001090000099",
        )
        response = self.client.post(LOGIN, {"username": "sieuquantri", "password": PASSWORD})
        self.assertRedirects(response, ENROL, fetch_redirect_response=False)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_success_is_recorded(self) -> None:
        confirmed_device(self.officer)
        self.password()
        self.client.post(TOTP, {"code": current_totp(self.officer)})
        event = LoginEvent.objects.get(outcome=LoginEvent.Outcome.SUCCESS)
        self.assertEqual((event.user, event.method), (self.officer, LoginEvent.Method.TOTP))
