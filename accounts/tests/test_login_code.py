from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import TestCase, override_settings
from django.utils import timezone

from accounts.models import LoginCode, LoginEvent, User
from accounts.tests.flow import CODE, LOGIN, logged_in_user_id, sent_code
from core.testing import PASSWORD, create_citizen
from notifications.models import Notification


class LoginCodeTestCase(TestCase):
    """After the password, an applicant types the six-digit code sent through the outbox."""

    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen(
            personal_id="001090000081", phone="0912000081", email="dan81@example.vn"
        )

    def start(self, next_url: str = "") -> None:
        self.client.post(
            LOGIN, {"username": "001090000081", "password": PASSWORD, "next": next_url}
        )

    def test_it_queues_the_code_to_the_phone(self) -> None:
        self.start()
        notification = Notification.objects.get(recipient=self.citizen)
        self.assertEqual(
            (notification.address, notification.status), ("0912000081", Notification.Status.CREATED)
        )

    def test_it_sends_to_the_email_when_there_is_no_phone(self) -> None:
        User.objects.filter(pk=self.citizen.pk).update(phone="")
        self.start()
        self.assertEqual(
            Notification.objects.get(recipient=self.citizen).address, "dan81@example.vn"
        )

    def test_the_page_names_where_the_code_went_without_showing_it_whole(self) -> None:
        self.start()
        response = self.client.get(CODE)
        self.assertContains(response, "0912***081")

    def test_the_code_logs_the_citizen_in(self) -> None:
        self.start()
        self.client.post(CODE, {"code": sent_code(self.citizen)})
        self.assertEqual(logged_in_user_id(self.client), str(self.citizen.pk))

    def test_it_goes_on_to_next(self) -> None:
        self.start("/thu-tuc/")
        response = self.client.post(CODE, {"code": sent_code(self.citizen)})
        self.assertRedirects(response, "/thu-tuc/", fetch_redirect_response=False)

    def test_the_code_is_stored_only_as_a_hash(self) -> None:
        self.start()
        code = sent_code(self.citizen)
        stored = LoginCode.objects.get(user=self.citizen)
        self.assertNotIn(code, stored.code_hash)
        self.assertEqual(len(stored.code_hash), 64)

    def test_a_code_works_once(self) -> None:
        self.start()
        code = sent_code(self.citizen)
        self.client.post(CODE, {"code": code})
        self.client.logout()
        self.start()
        self.client.post(CODE, {"code": code})
        self.assertIsNone(logged_in_user_id(self.client))

    def test_the_message_no_longer_holds_the_code_once_used(self) -> None:
        self.start()
        code = sent_code(self.citizen)
        self.client.post(CODE, {"code": code})
        self.assertNotIn(code, Notification.objects.get(recipient=self.citizen).body)

    def test_a_code_expires_after_five_minutes(self) -> None:
        self.start()
        code = sent_code(self.citizen)
        with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
            response = self.client.post(CODE, {"code": code})
        self.assertContains(response, "Mã không đúng hoặc đã hết hạn.")
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_wrong_code_is_refused_and_recorded(self) -> None:
        self.start()
        wrong = "000000" if sent_code(self.citizen) != "000000" else "111111"
        response = self.client.post(CODE, {"code": wrong})
        self.assertContains(response, "Mã không đúng hoặc đã hết hạn.")
        self.assertTrue(
            LoginEvent.objects.filter(
                user=self.citizen,
                method=LoginEvent.Method.CODE,
                outcome=LoginEvent.Outcome.FAILURE,
            ).exists()
        )

    def test_a_code_that_is_not_six_digits_is_explained(self) -> None:
        self.start()
        response = self.client.post(CODE, {"code": "12ab"})
        self.assertContains(response, "Mã gồm đúng 6 chữ số.")

    def test_a_new_code_replaces_the_old_one(self) -> None:
        self.start()
        old = sent_code(self.citizen)
        self.client.post(CODE, {"resend": "1"})
        new = sent_code(self.citizen)
        if old != new:  # one chance in a million that they are equal
            self.client.post(CODE, {"code": old})
            self.assertIsNone(logged_in_user_id(self.client))
        self.client.post(CODE, {"code": new})
        self.assertEqual(logged_in_user_id(self.client), str(self.citizen.pk))

    def test_codes_sent_to_one_account_are_limited(self) -> None:
        self.start()
        for _attempt in range(5):
            response = self.client.post(CODE, {"resend": "1"}, follow=True)
        self.assertContains(response, "Đã gửi quá nhiều mã đăng nhập")
        self.assertEqual(Notification.objects.filter(recipient=self.citizen).count(), 5)

    def test_the_code_page_without_a_password_step_sends_back_to_login(self) -> None:
        response = self.client.get(CODE)
        self.assertRedirects(response, LOGIN, fetch_redirect_response=False)

    def test_a_half_done_sign_in_is_forgotten_after_ten_minutes(self) -> None:
        self.start()
        with time_machine.travel(timezone.now() + timedelta(minutes=11)):
            response = self.client.post(CODE, {"code": "123456"})
        self.assertRedirects(response, LOGIN, fetch_redirect_response=False)

    @override_settings(MOTCUA_LOGIN_CODE_CONSOLE=False)
    def test_no_code_goes_to_the_log_outside_development(self) -> None:
        response = self.client.post(LOGIN, {"username": "001090000081", "password": PASSWORD})
        self.assertContains(response, "Hệ thống chưa sẵn sàng gửi mã đăng nhập.")
        self.assertFalse(Notification.objects.exists())

    def test_the_message_says_how_long_the_code_lasts(self) -> None:
        self.start()
        body = Notification.objects.get(recipient=self.citizen).body
        self.assertIn("có hiệu lực 5 phút", body)


class ReplacedCodeTestCase(TestCase):
    def test_a_replaced_code_not_yet_sent_is_not_sent(self) -> None:
        from accounts.codes import issue

        citizen = create_citizen(personal_id="001090000082", phone="0912000082")
        with self.captureOnCommitCallbacks(execute=False):
            first = issue(citizen)
            issue(citizen)
        assert first.notification is not None
        first.notification.refresh_from_db()
        self.assertEqual(
            (first.notification.status, first.notification.next_attempt_at),
            (Notification.Status.PERMANENT_FAILURE, None),
        )
