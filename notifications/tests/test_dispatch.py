"""Who gets what: the channels a message of each kind takes for one person, and its text."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import TestCase, override_settings

from core.testing import create_citizen
from notifications.dispatch import About, UnknownKind, notify
from notifications.models import ContactPreference, MessageTemplate, Notification, SenderProfile
from notifications.testing import SENDING_HOURS, during_sending_hours

RECEIVED = {
    "code": "000.00.21.H01-261202-0007",
    "due": "16:30 09/12/2026",
    "procedure": "Đăng ký khai sinh",
    "lookup_url": "http://127.0.0.1:8000/tra-cuu/?ma=000.00.21.H01-261202-0007",
}


class DispatchTestCase(TestCase):
    def setUp(self) -> None:
        self.enterContext(during_sending_hours())
        self.citizen = create_citizen(phone="0912000101", email="dan101@example.vn")

    def send(self, kind: str = "received", **options: Any) -> dict[str, Notification]:
        options.setdefault("user", self.citizen)
        options.setdefault("phone", self.citizen.phone)
        options.setdefault("email", self.citizen.email)
        with self.captureOnCommitCallbacks(execute=False):
            made = notify(kind, RECEIVED, **options)
        return {message.channel: message for message in made}

    def prefer(self, **choices: Any) -> None:
        ContactPreference.objects.create(user=self.citizen, **choices)

    def test_a_received_dossier_goes_to_the_app_the_phone_and_the_mailbox(self) -> None:
        self.assertEqual(set(self.send()), {"in_app", "sms", "email"})

    def test_the_sms_carries_the_code_the_due_date_and_the_link(self) -> None:
        body = self.send()["sms"].body
        for value in RECEIVED.values():
            self.assertIn(value, body)

    def test_the_email_has_a_vietnamese_subject_and_an_html_part(self) -> None:
        email = self.send()["email"]
        self.assertEqual(email.subject, "Hồ sơ 000.00.21.H01-261202-0007 đã được tiếp nhận")
        self.assertIn("<p>", email.html)

    def test_each_message_records_its_template_version(self) -> None:
        sms = self.send()["sms"]
        newest = MessageTemplate.objects.filter(kind="received", channel="sms", language="vi")
        self.assertEqual(sms.template_version, newest.latest("version").version)

    def test_a_new_template_version_is_used_and_recorded(self) -> None:
        MessageTemplate.objects.create(
            kind="received", channel="sms", language="vi", version=2, body="Đã nhận {code}."
        )
        sms = self.send()["sms"]
        self.assertEqual((sms.body, sms.template_version), (f"Đã nhận {RECEIVED['code']}.", 2))

    def test_the_in_app_message_is_delivered_at_once(self) -> None:
        in_app = self.send()["in_app"]
        self.assertEqual((in_app.status, in_app.next_attempt_at), ("delivered", None))

    def test_someone_without_an_account_gets_no_in_app_message(self) -> None:
        self.assertEqual(set(self.send(user=None)), {"sms", "email"})

    def test_an_opt_out_stops_messages_that_are_not_essential(self) -> None:
        self.prefer(non_essential=False)
        self.assertEqual(set(self.send("withdrawn")), {"in_app"})

    def test_an_opt_out_does_not_stop_an_essential_message(self) -> None:
        self.prefer(non_essential=False)
        self.assertEqual(set(self.send("received")), {"in_app", "sms", "email"})

    def test_a_refused_channel_is_not_used(self) -> None:
        self.prefer(email=False)
        self.assertEqual(set(self.send()), {"in_app", "sms"})

    def test_an_essential_message_goes_by_sms_even_when_every_channel_is_refused(self) -> None:
        self.prefer(sms=False, email=False, zalo=False)
        self.assertEqual(set(self.send("refused")), {"in_app", "sms"})

    def test_a_person_who_reads_english_gets_english(self) -> None:
        self.prefer(language="en")
        self.assertTrue(self.send()["sms"].body.startswith("Application 000.00.21"))

    def test_the_unit_may_send_its_sms_without_diacritics(self) -> None:
        SenderProfile.objects.create(unit_id=7, sms_without_diacritics=True)
        sms = self.send(about=About(unit_id=7))["sms"]
        self.assertIn("da duoc tiep nhan", sms.body)

    def test_the_sms_counts_its_parts(self) -> None:
        sms = self.send()["sms"]
        self.assertEqual(sms.segments, 3)  # Vietnamese with diacritics: UCS-2, 67 a part

    def test_an_unknown_kind_is_refused(self) -> None:
        with self.assertRaises(UnknownKind):
            self.send("no-such-kind")

    def test_the_message_says_what_it_is_about(self) -> None:
        sms = self.send(about=About(unit_id=7, dossier_id=9, dossier_code="H01-9", event_id=11))[
            "sms"
        ]
        self.assertEqual(
            (sms.unit_id, sms.dossier_id, sms.dossier_code, sms.event_id), (7, 9, "H01-9", 11)
        )


@override_settings(MOTCUA_ZNS_URL="http://127.0.0.1:9", MOTCUA_ZNS_ACCESS_TOKEN="token")
class ZaloChoiceTestCase(TestCase):
    def setUp(self) -> None:
        self.enterContext(during_sending_hours())
        self.citizen = create_citizen(phone="0912000102")

    def channels(self) -> set[str]:
        with self.captureOnCommitCallbacks(execute=False):
            made = notify("received", RECEIVED, user=self.citizen, phone=self.citizen.phone)
        return {message.channel for message in made}

    def approve(self) -> None:
        MessageTemplate.objects.create(
            kind="received",
            channel="zalo",
            language="vi",
            body="Hồ sơ {code} đã được tiếp nhận, hẹn {due}.",
            zns_template_id="231456",
        )

    def test_a_phone_gets_zalo_where_an_approved_template_exists(self) -> None:
        self.approve()
        self.assertEqual(self.channels(), {"in_app", "zalo"})

    def test_without_an_approved_template_the_phone_gets_sms(self) -> None:
        self.assertEqual(self.channels(), {"in_app", "sms"})

    def test_a_person_who_refuses_zalo_gets_sms(self) -> None:
        self.approve()
        ContactPreference.objects.create(user=self.citizen, zalo=False)
        self.assertEqual(self.channels(), {"in_app", "sms"})

    @override_settings(MOTCUA_ZNS_URL="")
    def test_without_zalo_configured_the_phone_gets_sms(self) -> None:
        self.approve()
        self.assertEqual(self.channels(), {"in_app", "sms"})


@override_settings(MOTCUA_NOTIFICATION_HOURLY_LIMIT=3)
class RateLimitTestCase(TestCase):
    def setUp(self) -> None:
        self.enterContext(during_sending_hours(tick=False))

    def sms(self, kind: str) -> Notification:
        with self.captureOnCommitCallbacks(execute=False):
            [message] = notify(kind, RECEIVED, phone="0912000103")
        return message

    def test_past_the_limit_a_message_that_is_not_essential_is_dropped(self) -> None:
        for _ in range(3):
            self.sms("withdrawn")
        dropped = self.sms("withdrawn")
        self.assertEqual(
            (dropped.status, dropped.failure_code, dropped.next_attempt_at),
            ("permanent-failure", "rate_limited", None),
        )

    def test_past_the_limit_an_essential_message_waits_an_hour(self) -> None:
        for _ in range(3):
            self.sms("withdrawn")
        held = self.sms("received")
        self.assertEqual(held.status, "created")
        assert held.next_attempt_at is not None
        self.assertEqual((held.next_attempt_at - held.created_at).seconds // 60, 60)

    def test_past_the_limit_an_urgent_message_waits_an_hour_even_into_the_night(self) -> None:
        with time_machine.travel(SENDING_HOURS.replace(hour=21, minute=30), tick=False):
            for _ in range(3):
                self.sms("withdrawn")
            held = self.sms("refused")
        assert held.next_attempt_at is not None
        self.assertEqual(held.next_attempt_at - held.created_at, timedelta(hours=1))

    def test_the_limit_counts_every_way_the_number_is_written(self) -> None:
        for written in ("0912000103", "+84912000103", "84912000103"):
            with self.captureOnCommitCallbacks(execute=False):
                notify("withdrawn", RECEIVED, phone=written)
        dropped = self.sms("withdrawn")
        self.assertEqual(dropped.failure_code, "rate_limited")

    def test_under_the_limit_messages_go_at_once(self) -> None:
        message = self.sms("withdrawn")
        self.assertEqual(message.next_attempt_at, message.created_at)
