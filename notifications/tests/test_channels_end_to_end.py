"""The issue's acceptance, end to end: a dossier received by the desk gives an e-mail through
a local SMTP server and an SMS through a local brandname gateway, delivered by the worker; the
gateway posts its signed receipts back to the live site over HTTP."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.core.management import call_command
from django.test import LiveServerTestCase, override_settings

from accounts.codes import issue
from core.testing import create_citizen
from dossiers import actions
from dossiers.actors import person
from dossiers.models import Dossier
from dossiers.testing import Office, create_dossier, create_procedure
from notifications.channels.sms import sign_receipt
from notifications.delivery import MAX_ATTEMPTS
from notifications.local.mailbox import LocalMailbox
from notifications.local.sms_gateway import LocalSmsGateway
from notifications.models import DeliveryReceipt, Notification
from notifications.testing import SENDING_HOURS
from workdays.calendar import to_local

API_KEY = "local-sms-key"
SECRET = "local-receipt-secret-0123456789abcdef"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LOST_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class ChannelsEndToEndTestCase(LiveServerTestCase):
    mailbox: LocalMailbox
    gateway: LocalSmsGateway
    dossier: Dossier

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.mailbox = LocalMailbox()
        cls.mailbox.start()
        cls.addClassCleanup(cls.mailbox.stop)
        cls.gateway = LocalSmsGateway(api_key=API_KEY, callback_secret=SECRET, manual_receipts=True)
        cls.gateway.start()
        cls.addClassCleanup(cls.gateway.stop)

    def setUp(self) -> None:
        self.mailbox.clear()
        self.gateway.reset()
        self.enterContext(
            override_settings(
                MOTCUA_SMS_URL=self.gateway.url,
                MOTCUA_SMS_API_KEY=API_KEY,
                MOTCUA_SMS_CALLBACK_SECRET=SECRET,
                MOTCUA_PUBLIC_URL=self.live_server_url,
                MAILERS={
                    "default": {
                        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                        "OPTIONS": {"host": "127.0.0.1", "port": self.mailbox.smtp_port},
                    }
                },
                TASKS=LOST_TASKS,
            )
        )
        self.moment = SENDING_HOURS
        office = Office.create()
        with time_machine.travel(self.moment, tick=False):
            self.dossier = create_dossier(
                create_procedure(), office, applicant_email="dan@example.vn"
            )
            actions.accept_dossier(self.dossier, actor=person(office.desk))
        self.dossier = Dossier.objects.get(pk=self.dossier.pk)

    def work(self, moment: datetime | None = None) -> None:
        """One round of the worker (its sweeps deliver: the after-commit tasks went nowhere)."""
        with (
            time_machine.travel(moment or self.moment, tick=False),
            override_settings(TASKS=DATABASE_TASKS),
        ):
            call_command("worker", "--once", verbosity=0)

    def sms(self) -> Notification:
        return Notification.objects.get(dossier_id=self.dossier.pk, kind="received", channel="sms")

    def post_receipt(self, body: bytes, signature: str) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(  # noqa: S310 - the live test server
            f"{self.live_server_url}/thong-bao/bien-nhan/sms",
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Timestamp": str(int(time.time())),
                "X-Signature": signature,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def test_a_received_dossier_gives_an_email_with_the_right_text(self) -> None:
        self.work()
        [mail] = self.mailbox.messages
        self.assertEqual(list(mail.rcpt_tos), ["dan@example.vn"])
        self.assertEqual(mail.subject, f"Hồ sơ {self.dossier.code} đã được tiếp nhận")
        self.assertIn(f"/tra-cuu/?ma={self.dossier.code}", mail.text)

    def test_a_received_dossier_gives_an_sms_with_the_right_text(self) -> None:
        self.work()
        [sms] = self.gateway.messages()
        assert self.dossier.due_at is not None
        due = to_local(self.dossier.due_at).strftime("%H:%M %d/%m/%Y")
        self.assertEqual(sms.to, "84912345678")
        self.assertIn(f"Hồ sơ {self.dossier.code}", sms.text)
        self.assertIn(f"Hẹn trả kết quả: {due}", sms.text)

    def test_the_sms_is_sending_until_its_receipt_then_delivered(self) -> None:
        self.work()
        self.assertEqual(self.sms().status, "sending")
        [sms] = self.gateway.messages()
        self.assertEqual(self.gateway.post_receipt(sms.message_id), 200)
        self.assertEqual(self.sms().status, "delivered")

    def test_a_gateway_that_fails_twice_then_succeeds_ends_delivered(self) -> None:
        self.gateway.fail_next(2, status=503)
        moment = self.moment
        for _ in range(3):
            self.work(moment)
            due = self.sms().next_attempt_at
            moment = due if due is not None else moment
        message = self.sms()
        self.assertEqual((message.status, message.attempts), ("sending", 3))
        [sms] = self.gateway.messages()
        self.gateway.post_receipt(sms.message_id)
        self.assertEqual(self.sms().status, "delivered")

    def test_a_permanent_failure_is_not_retried(self) -> None:
        self.gateway.refuse("0912345678", error="blocked")
        self.work()
        self.assertEqual(self.sms().status, "permanent-failure")
        for hours in range(1, MAX_ATTEMPTS + 1):
            self.work(self.moment + timedelta(hours=hours))
        self.assertEqual(self.gateway.calls, 1)

    def test_a_receipt_posted_twice_changes_nothing_the_second_time(self) -> None:
        self.work()
        [sms] = self.gateway.messages()
        self.gateway.post_receipt(sms.message_id, status="delivered")
        delivered_at = self.sms().delivered_at
        self.assertEqual(self.gateway.post_receipt(sms.message_id, status="delivered"), 200)
        self.assertEqual((self.sms().status, self.sms().delivered_at), ("delivered", delivered_at))
        self.assertEqual(
            list(DeliveryReceipt.objects.order_by("pk").values_list("applied", flat=True)),
            [True, False],
        )

    def test_a_forged_receipt_is_refused(self) -> None:
        self.work()
        [sms] = self.gateway.messages()
        body = json.dumps({"message_id": sms.message_id, "ref": "", "status": "failed"}).encode()
        forged = sign_receipt("not-the-secret", int(time.time()), body)
        status, answer = self.post_receipt(body, forged)
        self.assertEqual((status, answer["error"]), (403, "forged_receipt"))
        self.assertEqual((self.sms().status, DeliveryReceipt.objects.count()), ("sending", 0))

    @override_settings(MOTCUA_LOGIN_CODE_CONSOLE=False)
    def test_a_login_code_at_night_reaches_the_phone_at_once(self) -> None:
        night = SENDING_HOURS.replace(hour=23)
        citizen = create_citizen(phone="0987000111")
        with time_machine.travel(night, tick=False):
            issue(citizen)
        self.work(night)
        [sms] = [m for m in self.gateway.messages() if m.to == "84987000111"]
        self.assertRegex(sms.text, r"mã đăng nhập của ông/bà là \d{6}")
