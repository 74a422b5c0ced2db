"""Retries are the worker's alone: a message whose channel fails twice is delivered on the third
attempt, each retry at its backoff time; one that keeps failing is given up after the last
attempt, and a permanent failure is never tried again (checked with a frozen clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import time_machine
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings

from notifications import channels
from notifications.channels import Accepted, DeliveryError, Outgoing
from notifications.delivery import MAX_ATTEMPTS, RETRY_BASE_SECONDS
from notifications.models import Notification
from notifications.outbox import queue_message

# Enqueues that go nowhere: only the worker's sweep can deliver.
LOST_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
START = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def due(message: Notification) -> datetime:
    assert message.next_attempt_at is not None, "the message has nothing left to do"
    return message.next_attempt_at


class FlakyGateway:
    """A channel that is down for its first ``failures`` calls, then delivers; a ``permanent``
    failure says the message can never be delivered (a number that does not exist)."""

    def __init__(self, failures: int, *, permanent: bool = False) -> None:
        self.failures, self.permanent = failures, permanent
        self.calls: list[datetime] = []

    def __call__(self, message: Outgoing) -> Accepted:
        self.calls.append(datetime.now(UTC))
        if len(self.calls) <= self.failures:
            raise DeliveryError("gateway down", permanent=self.permanent)
        return Accepted(provider_id=message.reference, delivered=True)


class RetryScheduleTestCase(TransactionTestCase):
    def setUp(self) -> None:
        self.use_gateway(FlakyGateway(failures=2))
        with time_machine.travel(START, tick=False), override_settings(TASKS=LOST_TASKS):
            self.message = queue_message(subject="Thử", body="Nội dung", channel="console")

    def use_gateway(self, gateway: FlakyGateway) -> None:
        self.gateway = gateway
        self.enterContext(patch.dict(channels.CHANNELS, {"console": gateway}))

    def work_at(self, moment: datetime) -> Notification:
        with time_machine.travel(moment, tick=False), override_settings(TASKS=DATABASE_TASKS):
            call_command("worker", "--once", verbosity=0)
        return Notification.objects.get(pk=self.message.pk)

    def assert_waits(self, message: Notification, failed_at: datetime, attempt: int) -> None:
        """Equal jitter: between half and all of base · 2^(attempt−1) after the failure."""
        ceiling = timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (attempt - 1))
        self.assertLessEqual(failed_at + ceiling / 2, due(message))
        self.assertLessEqual(due(message), failed_at + ceiling)

    def test_the_first_attempt_fails_and_waits_its_backoff(self) -> None:
        message = self.work_at(START)
        self.assertEqual((message.status, message.attempts), (Notification.Status.CREATED, 1))
        self.assert_waits(message, START, attempt=1)

    def test_nothing_is_tried_again_before_the_backoff_ends(self) -> None:
        first = self.work_at(START)
        self.work_at(due(first) - timedelta(seconds=1))
        self.assertEqual(len(self.gateway.calls), 1)

    def test_the_third_attempt_delivers_at_the_backoff_times(self) -> None:
        first = self.work_at(START)
        second_time = due(first)
        second = self.work_at(second_time)
        self.assert_waits(second, second_time, attempt=2)
        third = self.work_at(due(second))
        self.assertEqual((third.status, third.attempts), (Notification.Status.DELIVERED, 3))
        self.assertEqual(self.gateway.calls, [START, second_time, due(second)])

    def test_a_message_that_keeps_failing_is_given_up_after_the_last_attempt(self) -> None:
        self.use_gateway(FlakyGateway(failures=MAX_ATTEMPTS + 1))
        message = self.work_at(START)
        for _ in range(2 * MAX_ATTEMPTS):  # bounded, so that unbounded retries fail the test
            if message.status != Notification.Status.CREATED:
                break
            message = self.work_at(due(message))
        self.assertEqual(
            (message.status, message.attempts),
            (Notification.Status.TECHNICAL_FAILURE, MAX_ATTEMPTS),
        )
        self.work_at(START + timedelta(days=1))
        self.assertEqual(len(self.gateway.calls), MAX_ATTEMPTS)

    def test_resends_after_temporary_failures_leave_the_retries_of_a_send_whole(self) -> None:
        # Six sends that each reached the phone's network, then one that meets a 5xx: it is
        # still retried, not given up (the tries of one send are counted, not all sends).
        Notification.objects.filter(pk=self.message.pk).update(attempts=6)
        message = self.work_at(START)
        self.assertEqual((message.status, message.tries), (Notification.Status.CREATED, 1))

    def test_a_permanent_failure_is_never_tried_again(self) -> None:
        self.use_gateway(FlakyGateway(failures=1, permanent=True))
        message = self.work_at(START)
        self.assertEqual(
            (message.status, message.attempts), (Notification.Status.PERMANENT_FAILURE, 1)
        )
        self.work_at(START + timedelta(days=1))
        self.assertEqual(len(self.gateway.calls), 1)
