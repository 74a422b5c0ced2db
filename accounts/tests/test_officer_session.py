from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import TestCase, override_settings
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.flow import (
    LOGIN,
    MODEL_BACKEND,
    confirmed_device,
    logged_in_user_id,
    sign_in_officer,
)
from core.testing import create_citizen, create_officer, create_unit


class OfficerSessionTestCase(TestCase):
    """An officer session counts only if it passed TOTP, is in use, and is not too old."""

    officer: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.officer = create_officer(create_unit(), roles=(Role.FRONT_DESK, Role.UNIT_ADMIN))
        confirmed_device(cls.officer)

    def test_a_password_only_session_gets_no_back_office(self) -> None:
        self.client.force_login(self.officer, backend=MODEL_BACKEND)
        response = self.client.get("/can-bo/")
        self.assertRedirects(response, f"{LOGIN}?next=/can-bo/", fetch_redirect_response=False)

    def test_a_password_only_session_gets_no_admin_site(self) -> None:
        self.client.force_login(self.officer, backend=MODEL_BACKEND)
        response = self.client.get("/quan-tri/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/quan-tri/login/"))

    def test_a_password_only_session_is_ended(self) -> None:
        self.client.force_login(self.officer, backend=MODEL_BACKEND)
        self.client.get("/")
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_session_that_passed_totp_gets_the_admin_site(self) -> None:
        sign_in_officer(self.client, self.officer)
        self.assertEqual(self.client.get("/quan-tri/").status_code, 200)

    def test_an_idle_session_ends_after_thirty_minutes(self) -> None:
        sign_in_officer(self.client, self.officer)
        with time_machine.travel(timezone.now() + timedelta(minutes=31)):
            response = self.client.get("/can-bo/")
        self.assertRedirects(response, f"{LOGIN}?next=/can-bo/", fetch_redirect_response=False)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_the_officer_is_told_why_the_session_ended(self) -> None:
        sign_in_officer(self.client, self.officer)
        with time_machine.travel(timezone.now() + timedelta(minutes=31)):
            response = self.client.get("/", follow=True)
        self.assertContains(response, "không thao tác trong 30 phút")

    def test_a_session_in_use_goes_on(self) -> None:
        sign_in_officer(self.client, self.officer)
        start = timezone.now()
        for minutes in (20, 40, 60):
            with time_machine.travel(start + timedelta(minutes=minutes)):
                self.assertEqual(self.client.get("/can-bo/").status_code, 200)

    @override_settings(MOTCUA_OFFICER_IDLE_SECONDS=300)
    def test_the_idle_time_is_a_setting(self) -> None:
        sign_in_officer(self.client, self.officer)
        with time_machine.travel(timezone.now() + timedelta(minutes=6)):
            self.client.get("/can-bo/")
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_session_ends_after_the_session_age_even_in_use(self) -> None:
        sign_in_officer(self.client, self.officer)
        start = timezone.now()
        for minutes in range(20, 8 * 60, 20):  # the last at 7:40
            with time_machine.travel(start + timedelta(minutes=minutes)):
                self.client.get("/can-bo/")
        self.assertEqual(logged_in_user_id(self.client), str(self.officer.pk))
        with time_machine.travel(start + timedelta(hours=8, minutes=5)):
            response = self.client.get("/", follow=True)
        self.assertContains(response, "Phiên làm việc đã hết thời hạn.")
        self.assertIsNone(logged_in_user_id(self.client))

    def test_the_officer_cookie_ends_with_the_browser(self) -> None:
        sign_in_officer(self.client, self.officer)
        self.assertTrue(self.client.session.get_expire_at_browser_close())

    def test_a_citizen_session_has_no_idle_timeout(self) -> None:
        citizen = create_citizen()
        self.client.force_login(citizen, backend=MODEL_BACKEND)
        with time_machine.travel(timezone.now() + timedelta(hours=2)):
            self.client.get("/")
        self.assertEqual(logged_in_user_id(self.client), str(citizen.pk))

    def test_a_test_client_login_counts_as_verified(self) -> None:
        # Under the test runner force_login() uses accounts.backends.TestClientBackend; this is
        # what keeps the rest of the suite free of TOTP steps (docs/login.md).
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get("/can-bo/").status_code, 200)
