from __future__ import annotations

from datetime import timedelta

from django.test import TestCase, override_settings

from core import clock
from notifications.models import Notification
from notifications.retention import purge


def message(days_old: int) -> Notification:
    made = Notification.objects.create(
        channel="sms",
        address="0912000401",
        subject="Hồ sơ H01-1",
        body="Hồ sơ H01-1 đã được tiếp nhận.",
        html="<p>…</p>",
        data={"code": "H01-1"},
        status="delivered",
        next_attempt_at=None,
    )
    Notification.objects.filter(pk=made.pk).update(
        created_at=clock.now() - timedelta(days=days_old)
    )
    return made


@override_settings(MOTCUA_NOTIFICATION_RETENTION_DAYS=90)
class RetentionTestCase(TestCase):
    def test_a_body_past_the_period_is_purged(self) -> None:
        old = message(days_old=91)
        self.assertEqual(purge(), 1)
        old.refresh_from_db()
        self.assertEqual((old.body, old.html, old.data), ("", "", {}))

    def test_the_status_record_stays(self) -> None:
        old = message(days_old=91)
        purge()
        old.refresh_from_db()
        self.assertEqual(
            (old.status, old.address, old.subject), ("delivered", "0912000401", "Hồ sơ H01-1")
        )
        self.assertIsNotNone(old.body_purged_at)

    def test_a_recent_body_is_kept(self) -> None:
        recent = message(days_old=89)
        self.assertEqual(purge(), 0)
        recent.refresh_from_db()
        self.assertTrue(recent.body)

    def test_a_purged_body_is_not_purged_again(self) -> None:
        message(days_old=91)
        purge()
        self.assertEqual(purge(), 0)
