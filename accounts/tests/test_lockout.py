from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client, TestCase
from django.utils import timezone

from accounts.models import LoginEvent, User
from accounts.tests.flow import CODE, LOGIN, logged_in_user_id, sent_code
from core.testing import PASSWORD, create_citizen
from notifications.models import Notification

LOCKED = "Đăng nhập tạm thời bị khóa vì nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."


class LockoutTestCase(TestCase):
    """Five wrong passwords or codes lock the account for 15 minutes; twenty lock the address."""

    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen(personal_id="001090000091", phone="0912000091")

    def wrong(self, times: int, username: str = "001090000091", ip: str = "203.0.113.9"):
        response = None
        for _attempt in range(times):
            response = self.client.post(
                LOGIN, {"username": username, "password": "sai"}, REMOTE_ADDR=ip
            )
        return response

    def right(self, ip: str = "203.0.113.9"):
        return self.client.post(
            LOGIN, {"username": "001090000091", "password": PASSWORD}, REMOTE_ADDR=ip
        )

    def test_the_fifth_wrong_password_locks_the_account(self) -> None:
        response = self.wrong(5)
        self.assertContains(response, LOCKED, status_code=429)

    def test_four_wrong_passwords_do_not(self) -> None:
        self.wrong(4)
        self.assertRedirects(self.right(), CODE, fetch_redirect_response=False)

    def test_a_locked_account_refuses_the_right_password(self) -> None:
        self.wrong(5)
        self.assertContains(self.right(), LOCKED, status_code=429)
        self.assertNotIn("motcua_login_pending", self.client.session)

    def test_the_lock_lifts_after_fifteen_minutes(self) -> None:
        self.wrong(5)
        with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=5)):
            response = self.right()
        self.assertRedirects(response, CODE, fetch_redirect_response=False)

    def test_the_lock_is_recorded(self) -> None:
        self.wrong(5)
        event = LoginEvent.objects.get(outcome=LoginEvent.Outcome.LOCKED)
        self.assertEqual(
            (event.user, event.identifier, event.client_ip),
            (self.citizen, "001090000091", "203.0.113.9"),
        )

    def test_each_wrong_password_is_recorded(self) -> None:
        self.wrong(3)
        self.assertEqual(
            LoginEvent.objects.filter(
                outcome=LoginEvent.Outcome.FAILURE, user=self.citizen
            ).count(),
            3,
        )

    def test_an_unknown_account_locks_the_same_way(self) -> None:
        self.assertContains(self.wrong(5, username="001090000092"), LOCKED, status_code=429)

    def test_wrong_codes_count_toward_the_lock(self) -> None:
        self.wrong(4)
        self.right()
        wrong = "000000" if sent_code(self.citizen) != "000000" else "111111"
        response = self.client.post(CODE, {"code": wrong}, REMOTE_ADDR="203.0.113.9")
        self.assertContains(response, LOCKED, status_code=429)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_success_clears_the_count(self) -> None:
        self.wrong(4)
        self.right()
        self.client.post(CODE, {"code": sent_code(self.citizen)}, REMOTE_ADDR="203.0.113.9")
        self.client.logout()
        response = self.wrong(4)
        self.assertNotContains(response, LOCKED)

    def test_twenty_failures_lock_the_address(self) -> None:
        for number in range(4):
            self.wrong(5, username=f"00109000010{number}")
        self.assertContains(self.right(), LOCKED, status_code=429)

    def test_another_address_is_not_locked_by_them(self) -> None:
        for number in range(4):
            self.wrong(5, username=f"00109000010{number}")
        self.assertRedirects(self.right(ip="198.51.100.7"), CODE, fetch_redirect_response=False)

    def test_no_new_code_is_sent_while_the_account_is_locked(self) -> None:
        self.right()
        # Someone else, elsewhere, locks the account meanwhile.
        for _attempt in range(5):
            Client().post(LOGIN, {"username": "001090000091", "password": "sai"})
        sent = Notification.objects.filter(recipient=self.citizen).count()
        response = self.client.post(CODE, {"resend": "1"}, REMOTE_ADDR="203.0.113.9")
        self.assertContains(response, LOCKED, status_code=429)
        self.assertEqual(Notification.objects.filter(recipient=self.citizen).count(), sent)
