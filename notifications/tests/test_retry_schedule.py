"""A message whose channel fails twice is delivered on the third attempt by the worker alone,
each retry at its backoff time (checked with a frozen clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import time_machine
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings

from notifications import channels
from notifications.channels import DeliveryError
from notifications.delivery import RETRY_BASE_SECONDS
from notifications.models import Notification
from notifications.outbox import queue_message

# Enqueues that go nowhere: only the worker's sweep can deliver.
LOST_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
START = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


class FlakyGateway:
    """A channel that is down for its first ``failures`` calls, then delivers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: list[datetime] = []

    def __call__(self, notification: Notification) -> None:
        self.calls.append(datetime.now(UTC))
        if len(self.calls) <= self.failures:
            raise DeliveryError("gateway down", permanent=False)


class RetryScheduleTestCase(TransactionTestCase):
    def setUp(self) -> None:
        self.gateway = FlakyGateway(failures=2)
        self.enterContext(patch.dict(channels.CHANNELS, {"console": self.gateway}))
        with time_machine.travel(START, tick=False), override_settings(TASKS=LOST_TASKS):
            self.message = queue_message(subject="Thử", body="Nội dung", channel="console")

    def work_at(self, moment: datetime) -> Notification:
        with time_machine.travel(moment, tick=False), override_settings(TASKS=DATABASE_TASKS):
            call_command("worker", "--once", verbosity=0)
        return Notification.objects.get(pk=self.message.pk)

    def assert_waits(self, message: Notification, failed_at: datetime, attempt: int) -> None:
        """Equal jitter: between half and all of base · 2^(attempt−1) after the failure."""
        ceiling = timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (attempt - 1))
        self.assertLessEqual(failed_at + ceiling / 2, message.next_attempt_at)
        self.assertLessEqual(message.next_attempt_at, failed_at + ceiling)

    def test_the_first_attempt_fails_and_waits_its_backoff(self) -> None:
        message = self.work_at(START)
        self.assertEqual((message.status, message.attempts), (Notification.Status.QUEUED, 1))
        self.assert_waits(message, START, attempt=1)

    def test_nothing_is_tried_again_before_the_backoff_ends(self) -> None:
        first = self.work_at(START)
        self.work_at(first.next_attempt_at - timedelta(seconds=1))
        self.assertEqual(len(self.gateway.calls), 1)

    def test_the_third_attempt_delivers_at_the_backoff_times(self) -> None:
        first = self.work_at(START)
        second_time = first.next_attempt_at
        second = self.work_at(second_time)
        self.assert_waits(second, second_time, attempt=2)
        third = self.work_at(second.next_attempt_at)
        self.assertEqual((third.status, third.attempts), (Notification.Status.SENT, 3))
        self.assertEqual(self.gateway.calls, [START, second_time, second.next_attempt_at])
