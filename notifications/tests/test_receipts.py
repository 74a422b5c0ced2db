"""Delivery receipts: the first of a send settles it; the rest are recorded and change nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import TestCase, override_settings

from core import clock
from notifications.channels.base import Outcome, Receipt
from notifications.delivery import expire_receipts
from notifications.models import DeliveryReceipt, Notification
from notifications.receipts import record
from notifications.testing import SENDING_HOURS


def sending(**overrides: Any) -> Notification:
    """A message a provider accepted, its receipt awaited."""
    fields: dict[str, Any] = {
        "channel": "sms",
        "kind": "received",
        "address": "0912000301",
        "subject": "Hồ sơ H01-1",
        "body": "Hồ sơ H01-1 đã được tiếp nhận.",
        "data": {"code": "H01-1"},
        "status": "sending",
        "provider_id": "gw-1",
        "attempts": 1,
        "next_attempt_at": None,
        "sent_at": clock.now(),
    }
    fields.update(overrides)
    return Notification.objects.create(**fields)


def receipt(outcome: Outcome = "delivered", **overrides: Any) -> Receipt:
    fields: dict[str, Any] = {"provider_id": "gw-1", "reference": "", "outcome": outcome}
    fields.update(overrides)
    return Receipt(**fields)


class ReceiptTestCase(TestCase):
    def setUp(self) -> None:
        self.enterContext(time_machine.travel(SENDING_HOURS, tick=False))
        self.message = sending()

    def status(self) -> str:
        self.message.refresh_from_db()
        return self.message.status

    def test_a_delivered_receipt_delivers(self) -> None:
        self.assertEqual(record("sms", receipt()), "applied")
        self.assertEqual((self.status(), self.message.delivered_at), ("delivered", clock.now()))

    def test_the_same_receipt_twice_changes_nothing_the_second_time(self) -> None:
        record("sms", receipt())
        self.message.refresh_from_db()
        delivered_at = self.message.delivered_at
        with time_machine.travel(SENDING_HOURS + timedelta(minutes=5), tick=False):
            self.assertEqual(record("sms", receipt()), "ignored")
        self.message.refresh_from_db()
        self.assertEqual(
            (self.message.status, self.message.delivered_at), ("delivered", delivered_at)
        )

    def test_a_duplicate_is_recorded_but_not_applied(self) -> None:
        record("sms", receipt())
        record("sms", receipt())
        self.assertEqual(
            list(DeliveryReceipt.objects.order_by("pk").values_list("applied", flat=True)),
            [True, False],
        )

    def test_a_late_failure_after_delivery_changes_nothing(self) -> None:
        record("sms", receipt())
        record("sms", receipt("permanent-failure", detail="invalid_number"))
        self.assertEqual(self.status(), "delivered")

    def test_a_permanent_failure_is_not_sent_again(self) -> None:
        record("sms", receipt("permanent-failure", detail="invalid_number"))
        self.assertEqual(self.status(), "permanent-failure")
        self.assertEqual(
            (self.message.failure_code, self.message.next_attempt_at), ("invalid_number", None)
        )

    def test_a_temporary_failure_is_sent_again_later(self) -> None:
        record("sms", receipt("temporary-failure", detail="phone_off"))
        self.assertEqual(self.status(), "temporary-failure")
        assert self.message.next_attempt_at is not None
        self.assertGreater(self.message.next_attempt_at, clock.now())

    @override_settings(MOTCUA_NOTIFICATION_RETRY_CUTOFF_HOURS=1)
    def test_a_temporary_failure_past_the_cut_off_is_final(self) -> None:
        Notification.objects.filter(pk=self.message.pk).update(
            created_at=clock.now() - timedelta(minutes=59)
        )
        record("sms", receipt("temporary-failure", detail="phone_off"))
        self.assertEqual((self.status(), self.message.next_attempt_at), ("temporary-failure", None))

    def test_a_receipt_for_another_channel_is_not_applied(self) -> None:
        self.assertEqual(record("zalo", receipt()), "unknown")
        self.assertEqual(self.status(), "sending")

    def test_an_unknown_receipt_is_recorded_without_a_message(self) -> None:
        self.assertEqual(record("sms", receipt(provider_id="gw-404")), "unknown")
        self.assertIsNone(DeliveryReceipt.objects.get().notification)

    def test_a_receipt_that_overtook_the_providers_answer_is_matched_by_reference(self) -> None:
        claimed = sending(provider_id="", next_attempt_at=clock.now() + timedelta(minutes=5))
        record("sms", receipt(provider_id="gw-2", reference=claimed.reference))
        claimed.refresh_from_db()
        self.assertEqual((claimed.status, claimed.provider_id), ("delivered", "gw-2"))

    def test_a_receipt_that_never_came_ends_as_temporary_failure(self) -> None:
        with time_machine.travel(SENDING_HOURS + timedelta(hours=73), tick=False):
            self.assertEqual(expire_receipts(), 1)
        self.assertEqual(
            (self.status(), self.message.failure_code), ("temporary-failure", "no_receipt")
        )


class ZaloFallbackTestCase(TestCase):
    def setUp(self) -> None:
        self.enterContext(time_machine.travel(SENDING_HOURS, tick=False))

    def test_a_zalo_message_that_fails_for_good_goes_again_as_sms(self) -> None:
        zalo = sending(channel="zalo", provider_id="zns-1")
        with self.captureOnCommitCallbacks(execute=False):
            record("zalo", receipt("permanent-failure", provider_id="zns-1"))
        sms = Notification.objects.get(fallback_of=zalo)
        self.assertEqual((sms.channel, sms.address), ("sms", "0912000301"))
        self.assertIn("H01-1", sms.body)

    def test_a_delivered_zalo_message_has_no_fallback(self) -> None:
        zalo = sending(channel="zalo", provider_id="zns-1")
        record("zalo", receipt(provider_id="zns-1"))
        self.assertFalse(Notification.objects.filter(fallback_of=zalo).exists())


class ResendTestCase(TestCase):
    def setUp(self) -> None:
        self.enterContext(time_machine.travel(SENDING_HOURS, tick=False))

    def test_a_late_copy_of_an_earlier_sends_receipt_does_not_settle_the_resend(self) -> None:
        message = sending()
        first = receipt("temporary-failure", detail="phone_off", reference=message.reference)
        record("sms", first)
        # The resend is claimed (no provider id yet) when the first receipt comes again.
        Notification.objects.filter(pk=message.pk).update(
            status="sending", provider_id="", next_attempt_at=clock.now() + timedelta(minutes=5)
        )
        self.assertEqual(record("sms", first), "ignored")
        message.refresh_from_db()
        self.assertEqual((message.status, message.provider_id), ("sending", ""))


class ZaloWithoutReceiptTestCase(TestCase):
    def test_a_zalo_message_whose_receipt_never_came_goes_again_as_sms(self) -> None:
        with time_machine.travel(SENDING_HOURS, tick=False):
            zalo = sending(channel="zalo", provider_id="zns-9")
        with time_machine.travel(SENDING_HOURS + timedelta(hours=73), tick=False):
            expire_receipts()
        sms = Notification.objects.get(fallback_of=zalo)
        self.assertEqual((sms.channel, sms.status), ("sms", "delivered"))  # the console here
