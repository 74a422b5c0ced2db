"""An operator sends a failed message again: a copy linked to it, through the outbox; never a
message that arrived, is still on its way, was resent already or lost its text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import time_machine
from django.test import TestCase

from accounts.models import User
from core.testing import create_officer, create_unit
from notifications.compose import current_template
from notifications.models import Notification
from notifications.resend import ResendRefused, resend
from notifications.testing import VIETNAM

Status = Notification.Status
CODE = "000.00.21.H01-261201-0001"
PHONE = "0912345678"


def create_message(**overrides: Any) -> Notification:
    """A message that went out and failed for good (by default an SMS about a dossier)."""
    template = current_template("received", "sms", "vi")
    assert template is not None
    fields: dict[str, Any] = {
        "channel": Notification.Channel.SMS,
        "kind": "received",
        "address": PHONE,
        "subject": f"Hồ sơ {CODE} đã được tiếp nhận",
        "body": f"Hồ sơ {CODE} (Đăng ký khai sinh) đã được tiếp nhận.",
        "data": {"code": CODE, "procedure": "Đăng ký khai sinh"},
        "template": template,
        "template_version": template.version,
        "dossier_id": 41,
        "dossier_code": CODE,
        "event_id": 42,
        "status": Status.PERMANENT_FAILURE,
        "failure_code": "invalid_number",
        "last_error": "the carrier refused the number",
        "attempts": 1,
        "segments": 2,
        "provider_id": "sms-1",
        "next_attempt_at": None,
    }
    fields.update(overrides)
    return Notification.objects.create(**fields)


class ResendTestCase(TestCase):
    unit_id: int
    operator: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit_id = create_unit().pk
        cls.operator = create_officer()

    def resend(self, message: Notification) -> Notification:
        with self.captureOnCommitCallbacks(execute=False):
            return resend(message, by=self.operator)

    def test_it_creates_a_copy_linked_to_the_original(self) -> None:
        original = create_message(unit_id=self.unit_id)
        copy = self.resend(original)
        copied = [
            "channel",
            "kind",
            "address",
            "subject",
            "body",
            "html",
            "data",
            "template_id",
            "template_version",
            "dossier_id",
            "dossier_code",
            "event_id",
            "unit_id",
            "urgent",
        ]
        self.assertEqual(
            {f: getattr(copy, f) for f in copied}, {f: getattr(original, f) for f in copied}
        )
        self.assertEqual(copy.resend_of, original)
        self.assertNotEqual(copy.pk, original.pk)

    def test_the_copy_starts_afresh(self) -> None:
        copy = self.resend(create_message())
        copy.refresh_from_db()
        self.assertEqual(
            (copy.status, copy.attempts, copy.failure_code, copy.last_error, copy.provider_id),
            (Status.CREATED, 0, "", "", ""),
        )

    def test_the_original_is_left_as_it_was(self) -> None:
        original = create_message()
        self.resend(original)
        original.refresh_from_db()
        self.assertEqual(
            (original.status, original.failure_code), (Status.PERMANENT_FAILURE, "invalid_number")
        )

    def test_it_enqueues_the_copy_after_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            copy = resend(create_message(), by=self.operator)
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()  # the commit: the task delivers it (the console stands in for SMS here)
        copy.refresh_from_db()
        self.assertEqual((copy.status, copy.attempts), (Status.DELIVERED, 1))

    def test_the_copy_goes_at_once_outside_the_units_hours(self) -> None:
        night = datetime(2026, 12, 2, 23, 30, tzinfo=VIETNAM)
        with time_machine.travel(night, tick=False):
            copy = self.resend(create_message(urgent=False))
        self.assertEqual(copy.next_attempt_at, night)

    def test_the_copy_is_as_urgent_as_the_original(self) -> None:
        copy = self.resend(create_message(kind="refused", urgent=True))
        self.assertTrue(copy.urgent)

    def test_a_technical_or_temporary_failure_can_be_resent(self) -> None:
        for status in (Status.TECHNICAL_FAILURE, Status.TEMPORARY_FAILURE):
            with self.subTest(status=status):
                copy = self.resend(create_message(status=status))
                self.assertEqual(copy.resend_of.status, status)

    def assertRefused(self, message: Notification, code: str) -> None:
        before = Notification.objects.count()
        with self.assertRaises(ResendRefused) as refused:
            self.resend(message)
        self.assertEqual(refused.exception.code, code)
        self.assertEqual(Notification.objects.count(), before)

    def test_a_delivered_message_cannot_be_resent(self) -> None:
        self.assertRefused(create_message(status=Status.DELIVERED), "resend.not_failed")

    def test_the_refusal_says_why_in_vietnamese(self) -> None:
        with self.assertRaisesMessage(ResendRefused, "Chỉ gửi lại tin gửi không thành công"):
            self.resend(create_message(status=Status.DELIVERED))

    def test_a_message_still_being_sent_cannot_be_resent(self) -> None:
        self.assertRefused(create_message(status=Status.SENDING), "resend.not_settled")

    def test_a_failure_waiting_for_its_retry_cannot_be_resent(self) -> None:
        waiting = create_message(status=Status.TEMPORARY_FAILURE)
        Notification.objects.filter(pk=waiting.pk).update(next_attempt_at=waiting.created_at)
        waiting.refresh_from_db()
        self.assertRefused(waiting, "resend.not_settled")

    def test_a_message_whose_text_was_purged_cannot_be_resent(self) -> None:
        purged = create_message(
            body="", data={}, body_purged_at=datetime(2027, 3, 1, tzinfo=VIETNAM)
        )
        self.assertRefused(purged, "resend.body_purged")

    def test_a_message_resent_once_is_not_resent_again(self) -> None:
        original = create_message()
        self.resend(original)
        self.assertRefused(original, "resend.already_resent")

    def test_the_check_reads_the_row_not_the_stale_object(self) -> None:
        message = create_message()
        Notification.objects.filter(pk=message.pk).update(status=Status.DELIVERED)
        self.assertRefused(message, "resend.not_failed")

    def test_a_login_code_is_not_resent(self) -> None:
        self.assertRefused(create_message(kind="login_code"), "resend.login_code")
