from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from unittest.mock import patch

import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings

from notifications import channels
from notifications.channels.base import Accepted, Outgoing
from notifications.delivery import (
    claim,
    deliver_one,
    replay_queued,
    sweep,
)
from notifications.models import Notification
from notifications.outbox import queue_message


def recorder(sent: list[Outgoing]) -> Callable[[Outgoing], Accepted]:
    """A channel that keeps what it is given and takes it at once."""

    def send(message: Outgoing) -> Accepted:
        sent.append(message)
        return Accepted(provider_id=message.reference, delivered=True)

    return send


def due(notification: Notification) -> datetime:
    assert notification.next_attempt_at is not None
    return notification.next_attempt_at


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class OutboxTestCase(TestCase):
    def queue(self) -> Notification:
        with self.captureOnCommitCallbacks(execute=False):
            return queue_message(subject="Thử", body="Nội dung", address="0912000001")

    def test_a_message_is_sent_after_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            notification = queue_message(subject="Thử", body="Nội dung", address="0912000001")
        notification.refresh_from_db()
        self.assertEqual((notification.status, notification.attempts), ("delivered", 1))

    def test_nothing_is_sent_for_a_rolled_back_change(self) -> None:
        sent: list[Outgoing] = []
        self.enterContext(patch.dict(channels.CHANNELS, {"console": recorder(sent)}))
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            with suppress(RuntimeError), transaction.atomic():
                queue_message(subject="Thử", body="Nội dung", channel="console")
                raise RuntimeError("the change fails after queueing its message")
        self.assertEqual((callbacks, sent), ([], []))
        self.assertFalse(Notification.objects.exists())

    def test_a_message_is_not_sent_before_its_change_commits(self) -> None:
        sent: list[Outgoing] = []
        self.enterContext(patch.dict(channels.CHANNELS, {"console": recorder(sent)}))
        with self.captureOnCommitCallbacks(execute=False):
            queue_message(subject="Thử", body="Nội dung", channel="console")
        self.assertEqual(sent, [])

    def test_delivering_twice_sends_once(self) -> None:
        notification = self.queue()
        deliver_one(notification.pk)
        self.assertEqual(deliver_one(notification.pk), "skipped")

    def test_replay_sends_what_was_left_queued(self) -> None:
        notification = self.queue()
        self.assertEqual(replay_queued(older_than_seconds=0), 1)
        notification.refresh_from_db()
        self.assertEqual(notification.status, "delivered")

    def test_a_message_claimed_by_one_worker_is_not_sent_by_another(self) -> None:
        notification = self.queue()
        self.assertIsNotNone(claim(notification.pk, due(notification)))
        self.assertEqual(deliver_one(notification.pk), "skipped")

    def test_a_message_whose_worker_died_is_sent_after_its_lease(self) -> None:
        notification = self.queue()
        with override_settings(MOTCUA_TASK_LEASE_SECONDS=60):
            claim(notification.pk, due(notification))  # and the worker is killed
            self.assertEqual(sweep(), 0)
            with time_machine.travel(timedelta(seconds=61)):
                self.assertEqual(sweep(), 1)
        notification.refresh_from_db()
        self.assertEqual((notification.status, notification.attempts), ("delivered", 2))


class ConcurrentSweepTestCase(TestCase):
    """Two workers at once: the second starts while the first is sending its first message."""

    def test_two_sweeps_at_once_send_each_message_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            messages = [queue_message(subject=f"Thử {n}", body="Nội dung") for n in range(3)]
        sent: Counter[int] = Counter()

        def send(outgoing: Outgoing) -> Accepted:
            sent[int(outgoing.reference.removeprefix("motcua-"))] += 1
            if sum(sent.values()) == 1:
                # The other worker, while this one holds its first claim: its fast-path tasks
                # for every message, then its sweep.
                for message in messages:
                    deliver_one(message.pk)
                sweep()
            return Accepted(provider_id=outgoing.reference, delivered=True)

        original = channels.CHANNELS["console"]
        channels.CHANNELS["console"] = send
        try:
            sweep()
        finally:
            channels.CHANNELS["console"] = original
        self.assertEqual(sent, Counter({m.pk: 1 for m in messages}))
        self.assertEqual(
            set(Notification.objects.values_list("status", "attempts")), {("delivered", 1)}
        )


class DatabaseWorkerTestCase(TransactionTestCase):
    def test_the_database_worker_delivers_queued_messages(self) -> None:
        # Set inside the test: the suite-wide fixture makes tasks run inline otherwise.
        with override_settings(TASKS=DATABASE_TASKS):
            notification = queue_message(subject="Thử", body="Nội dung", address="0912000001")
            self.assertEqual(Notification.objects.get(pk=notification.pk).status, "created")
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        self.assertEqual(Notification.objects.get(pk=notification.pk).status, "delivered")
