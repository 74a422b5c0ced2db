"""Quiet hours: a message that is not urgent, made at night, goes out at 07:00; a login code
goes at once (checked through the worker with a frozen clock)."""

from __future__ import annotations

from datetime import datetime, time

import time_machine
from django.core.management import call_command
from django.test import SimpleTestCase, TransactionTestCase, override_settings

from notifications.dispatch import About, notify
from notifications.models import Notification, SenderProfile
from notifications.quiet import next_allowed
from notifications.testing import VIETNAM

LOST_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=VIETNAM)


class NextAllowedTestCase(SimpleTestCase):
    def test_inside_the_hours_it_is_now(self) -> None:
        self.assertEqual(next_allowed(at(2, 10), None), at(2, 10))

    def test_after_22_it_is_7_the_next_morning(self) -> None:
        self.assertEqual(next_allowed(at(2, 23), None), at(3, 7))

    def test_before_7_it_is_7_the_same_morning(self) -> None:
        self.assertEqual(next_allowed(at(3, 5, 30), None), at(3, 7))

    def test_22_itself_is_quiet(self) -> None:
        self.assertEqual(next_allowed(at(2, 22), None), at(3, 7))

    def test_the_units_own_hours_are_kept(self) -> None:
        profile = SenderProfile(unit_id=1, quiet_until=time(8), quiet_after=time(20))
        self.assertEqual(next_allowed(at(2, 20, 30), profile), at(3, 8))

    def test_hours_that_run_past_midnight(self) -> None:
        profile = SenderProfile(unit_id=1, quiet_until=time(5), quiet_after=time(1))
        self.assertEqual(
            (next_allowed(at(2, 23, 30), profile), next_allowed(at(3, 2), profile)),
            (at(2, 23, 30), at(3, 5)),
        )


class QuietHoursWorkerTestCase(TransactionTestCase):
    def queue_at(self, moment: datetime, kind: str, values: dict[str, str]) -> Notification:
        with time_machine.travel(moment, tick=False), override_settings(TASKS=LOST_TASKS):
            [message] = notify(kind, values, phone="0912000201", about=About(unit_id=3))
        return message

    def work_at(self, moment: datetime, message: Notification) -> Notification:
        with time_machine.travel(moment, tick=False), override_settings(TASKS=DATABASE_TASKS):
            call_command("worker", "--once", verbosity=0)
        return Notification.objects.get(pk=message.pk)

    def test_a_message_made_at_23_waits_for_7(self) -> None:
        message = self.queue_at(at(2, 23), "received", {"code": "H01-1"})
        self.assertEqual(message.next_attempt_at, at(3, 7))

    def test_a_message_made_at_23_is_not_sent_in_the_night(self) -> None:
        message = self.queue_at(at(2, 23), "received", {"code": "H01-1"})
        self.assertEqual(self.work_at(at(3, 6, 59), message).status, "created")

    def test_a_message_made_at_23_goes_at_7(self) -> None:
        message = self.queue_at(at(2, 23), "received", {"code": "H01-1"})
        sent = self.work_at(at(3, 7), message)
        self.assertEqual((sent.status, sent.sent_at), ("delivered", at(3, 7)))

    def test_a_login_code_at_23_goes_at_once(self) -> None:
        message = self.queue_at(at(2, 23), "login_code", {"code": "482913", "minutes": "5"})
        self.assertEqual(self.work_at(at(2, 23), message).status, "delivered")

    def test_a_legal_notice_at_23_goes_at_once(self) -> None:
        message = self.queue_at(at(2, 23), "supplement_requested", {"code": "H01-1"})
        self.assertEqual(message.next_attempt_at, at(2, 23))
