from __future__ import annotations

from django.core.management import call_command
from django.test import TestCase, TransactionTestCase, override_settings

from notifications import channels
from notifications.channels import DeliveryError
from notifications.models import Notification
from notifications.outbox import MAX_ATTEMPTS, deliver_one, queue_message, replay_queued

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def failing(permanent: bool):
    def send(notification: Notification) -> None:
        raise DeliveryError("gateway down", permanent=permanent)

    return send


class OutboxTestCase(TestCase):
    def queue(self) -> Notification:
        with self.captureOnCommitCallbacks(execute=False):
            return queue_message(subject="Thử", body="Nội dung", address="0912000001")

    def test_a_message_is_sent_after_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            notification = queue_message(subject="Thử", body="Nội dung", address="0912000001")
        notification.refresh_from_db()
        self.assertEqual((notification.status, notification.attempts), ("sent", 1))

    def test_nothing_is_sent_for_a_rolled_back_change(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            queue_message(subject="Thử", body="Nội dung")
        self.assertEqual(len(callbacks), 1)  # queued only for commit, never run inline

    def test_delivering_twice_sends_once(self) -> None:
        notification = self.queue()
        deliver_one(notification.pk)
        self.assertEqual(deliver_one(notification.pk), "skipped")

    def test_a_temporary_failure_is_retried(self) -> None:
        notification = self.queue()
        original = channels.CHANNELS["console"]
        channels.CHANNELS["console"] = failing(permanent=False)
        try:
            self.assertEqual(deliver_one(notification.pk), "queued")
        finally:
            channels.CHANNELS["console"] = original
        self.assertEqual(deliver_one(notification.pk), "sent")

    def test_a_permanent_failure_is_final(self) -> None:
        notification = self.queue()
        original = channels.CHANNELS["console"]
        channels.CHANNELS["console"] = failing(permanent=True)
        try:
            self.assertEqual(deliver_one(notification.pk), "failed")
        finally:
            channels.CHANNELS["console"] = original

    def test_retries_are_bounded(self) -> None:
        notification = self.queue()
        original = channels.CHANNELS["console"]
        channels.CHANNELS["console"] = failing(permanent=False)
        try:
            results = [deliver_one(notification.pk) for _ in range(MAX_ATTEMPTS)]
        finally:
            channels.CHANNELS["console"] = original
        self.assertEqual(results[-1], "failed")

    def test_replay_sends_what_was_left_queued(self) -> None:
        notification = self.queue()
        self.assertEqual(replay_queued(older_than_seconds=0), 1)
        notification.refresh_from_db()
        self.assertEqual(notification.status, "sent")


class DatabaseWorkerTestCase(TransactionTestCase):
    def test_the_database_worker_delivers_queued_messages(self) -> None:
        # Set inside the test: the suite-wide fixture makes tasks run inline otherwise.
        with override_settings(TASKS=DATABASE_TASKS):
            notification = queue_message(subject="Thử", body="Nội dung", address="0912000001")
            self.assertEqual(Notification.objects.get(pk=notification.pk).status, "queued")
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        self.assertEqual(Notification.objects.get(pk=notification.pk).status, "sent")
