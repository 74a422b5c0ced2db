"""The Zalo ZNS channel against the local ZNS (notifications.local.zalo_zns) on 127.0.0.1:
what is sent, how Zalo's answers become ``Accepted`` or ``DeliveryError``, and how a webhook
event is checked and read as a receipt."""

from __future__ import annotations

import hashlib
import json
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

from django.test import SimpleTestCase, override_settings

from core import clock
from notifications.channels.base import BadReceipt, DeliveryError, ForgedReceipt, Outgoing
from notifications.channels.zalo import normalise_phone, read_receipt, send, sign_event
from notifications.local.zalo_zns import LocalZns, start_local_zns

TEMPLATE = "248301"
PARAMS = {"ho_ten": "Nguyễn Văn An", "ma_ho_so": "H01.2026.000123"}


def outgoing(**overrides: Any) -> Outgoing:
    fields: dict[str, Any] = {
        "reference": "ntf-000123",
        "address": "0912345678",
        "subject": "Hồ sơ đã được tiếp nhận",
        "body": "Hồ sơ H01.2026.000123 đã được tiếp nhận.",
        "template_id": TEMPLATE,
        "template_data": PARAMS,
    }
    fields.update(overrides)
    return Outgoing(**fields)


class ZaloSendTestCase(SimpleTestCase):
    def zns(self, **options: Any) -> LocalZns:
        zns = start_local_zns(self, **options)
        zns.approve(TEMPLATE, set(PARAMS))
        return zns

    def refusal(self, message: Outgoing | None = None) -> DeliveryError:
        with self.assertRaises(DeliveryError) as caught:
            send(message or outgoing())
        return caught.exception

    def test_it_is_accepted_with_the_msg_id(self) -> None:
        zns = self.zns()
        accepted = send(outgoing())
        self.assertEqual(accepted.provider_id, zns.messages[0].msg_id)

    def test_a_receipt_is_awaited(self) -> None:
        self.zns()
        self.assertFalse(send(outgoing()).delivered)

    def test_the_tracking_id_is_our_reference(self) -> None:
        zns = self.zns()
        send(outgoing(reference="ntf-777"))
        self.assertEqual(zns.messages[0].tracking_id, "ntf-777")

    def test_the_phone_is_sent_in_the_84_form(self) -> None:
        zns = self.zns()
        send(outgoing(address="0912 345 678"))
        self.assertEqual(zns.messages[0].phone, "84912345678")

    def test_the_template_and_its_data_are_sent(self) -> None:
        zns = self.zns()
        send(outgoing())
        self.assertEqual(
            (zns.messages[0].template_id, zns.messages[0].template_data), (TEMPLATE, PARAMS)
        )

    def test_a_phone_without_zalo_is_a_permanent_no_zalo_account(self) -> None:
        self.zns().without_zalo("0912345678")
        error = self.refusal()
        self.assertEqual((error.permanent, error.code), (True, "no_zalo_account"))

    def test_a_person_who_refuses_zns_is_a_permanent_declined(self) -> None:
        self.zns().declining("+84912345678")
        error = self.refusal()
        self.assertEqual((error.permanent, error.code), (True, "declined"))

    def test_an_unapproved_template_is_a_permanent_template_rejected(self) -> None:
        self.zns()
        error = self.refusal(outgoing(template_id="999999"))
        self.assertEqual((error.permanent, error.code), (True, "template_rejected"))

    def test_a_missing_parameter_is_a_permanent_bad_template_data(self) -> None:
        self.zns()
        error = self.refusal(outgoing(template_data={"ho_ten": "Nguyễn Văn An"}))
        self.assertEqual((error.permanent, error.code), (True, "bad_template_data"))

    def test_an_unknown_parameter_is_a_permanent_bad_template_data(self) -> None:
        self.zns()
        error = self.refusal(outgoing(template_data={**PARAMS, "ngay_hen": "20/12/2026"}))
        self.assertEqual((error.permanent, error.code), (True, "bad_template_data"))

    def test_a_server_error_is_retriable(self) -> None:
        self.zns().fail_next(1)
        error = self.refusal()
        self.assertEqual((error.permanent, error.code), (False, "unavailable"))

    def test_it_goes_through_after_two_server_errors(self) -> None:
        zns = self.zns()
        zns.fail_next(2, status=500)
        for _ in range(2):
            self.assertFalse(self.refusal().permanent)
        self.assertEqual(send(outgoing()).provider_id, zns.messages[0].msg_id)

    def test_an_answer_that_is_not_json_is_retriable(self) -> None:
        self.zns().fail_next(1, status=200)
        error = self.refusal()
        self.assertEqual((error.permanent, error.code), (False, "unreadable"))

    def test_a_bad_token_is_a_retriable_unauthorized(self) -> None:
        self.zns()
        with override_settings(MOTCUA_ZNS_ACCESS_TOKEN="expired-token"):
            error = self.refusal()
        self.assertEqual((error.permanent, error.code), (False, "unauthorized"))

    def test_the_daily_quota_spent_is_a_retriable_quota(self) -> None:
        self.zns(daily_quota=1)
        send(outgoing())
        error = self.refusal()
        self.assertEqual((error.permanent, error.code), (False, "quota"))

    def test_no_template_is_permanent_without_a_call(self) -> None:
        zns = self.zns()
        error = self.refusal(outgoing(template_id=""))
        self.assertEqual((error.permanent, error.code, zns.requests), (True, "no_template", 0))

    def test_a_landline_is_a_permanent_invalid_number_without_a_call(self) -> None:
        zns = self.zns()
        error = self.refusal(outgoing(address="024 3825 1234"))
        self.assertEqual((error.permanent, error.code, zns.requests), (True, "invalid_number", 0))

    def test_without_a_url_it_is_permanent_not_configured(self) -> None:
        with override_settings(MOTCUA_ZNS_URL=""):
            error = self.refusal()
        self.assertEqual((error.permanent, error.code), (True, "not_configured"))

    def test_a_closed_port_is_retriable(self) -> None:
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        with override_settings(MOTCUA_ZNS_URL=url, MOTCUA_ZNS_ACCESS_TOKEN="token"):
            error = self.refusal()
        self.assertEqual((error.permanent, error.code), (False, "unreachable"))

    def test_a_server_that_does_not_answer_is_a_retriable_timeout(self) -> None:
        with socket.socket() as silent:
            # Connections are queued by the kernel and never answered.
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            url = f"http://127.0.0.1:{silent.getsockname()[1]}"
            with override_settings(
                MOTCUA_ZNS_URL=url, MOTCUA_ZNS_ACCESS_TOKEN="token", MOTCUA_ZNS_TIMEOUT_SECONDS=0.2
            ):
                error = self.refusal()
        self.assertEqual((error.permanent, error.code), (False, "timeout"))

    def test_the_full_phone_is_never_logged(self) -> None:
        self.zns().without_zalo("0912345678")
        with self.assertLogs("motcua.notifications") as logs:
            send(outgoing(address="0987654321"))
            self.refusal()
        self.assertNotRegex("\n".join(logs.output), r"912345678|987654321")


class PhoneNumberTestCase(SimpleTestCase):
    def test_a_national_number_gets_the_country_code(self) -> None:
        self.assertEqual(normalise_phone("0912345678"), "84912345678")

    def test_an_international_number_loses_its_plus(self) -> None:
        self.assertEqual(normalise_phone("+84 91 234 56 78"), "84912345678")

    def test_a_national_zero_kept_after_the_country_code_is_dropped(self) -> None:
        self.assertEqual(normalise_phone("+84 0912 345 678"), "84912345678")

    def test_a_number_already_in_the_84_form_is_kept(self) -> None:
        self.assertEqual(normalise_phone("84387654321"), "84387654321")

    def test_a_landline_is_not_a_mobile(self) -> None:
        self.assertIsNone(normalise_phone("02438251234"))

    def test_a_foreign_number_is_not_a_vietnamese_mobile(self) -> None:
        self.assertIsNone(normalise_phone("+33612345678"))

    def test_a_number_too_short_is_refused(self) -> None:
        self.assertIsNone(normalise_phone("091234567"))


APP_ID = "app-1234"
SECRET = "oa-secret-key"


def event(**overrides: Any) -> dict[str, Any]:
    """A ``user_received_message`` event of now (milliseconds, as Zalo writes them)."""
    now = str(int(clock.wall().timestamp() * 1000))
    fields: dict[str, Any] = {
        "app_id": APP_ID,
        "event_name": "user_received_message",
        "sender": {"id": "oa-1"},
        "recipient": {"id": "user-1"},
        "message": {"msg_id": "a1b2c3", "delivery_time": now, "tracking_id": "ntf-000123"},
        "timestamp": now,
    }
    fields.update(overrides)
    return fields


def signed(fields: dict[str, Any], *, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(fields).encode()
    mac = sign_event(str(fields["app_id"]), body, fields["timestamp"], secret)
    return body, {"X-ZEvent-Signature": mac}


class SignatureTestCase(SimpleTestCase):
    def test_the_signature_is_the_sha256_of_app_body_timestamp_and_key(self) -> None:
        expected = hashlib.sha256(b'app-1{"a": 1}1796000000000oa-key').hexdigest()
        self.assertEqual(
            sign_event("app-1", b'{"a": 1}', "1796000000000", "oa-key"), f"mac={expected}"
        )


@override_settings(
    MOTCUA_ZNS_APP_ID=APP_ID, MOTCUA_ZNS_SECRET=SECRET, MOTCUA_RECEIPT_MAX_AGE_SECONDS=300
)
class ZaloReceiptTestCase(SimpleTestCase):
    def test_a_signed_event_is_read_as_delivered(self) -> None:
        self.assertEqual(read_receipt(*signed(event())).outcome, "delivered")

    def test_the_receipt_names_the_msg_id(self) -> None:
        self.assertEqual(read_receipt(*signed(event())).provider_id, "a1b2c3")

    def test_the_receipt_names_our_reference(self) -> None:
        self.assertEqual(read_receipt(*signed(event())).reference, "ntf-000123")

    def test_the_receipt_is_dated_by_the_delivery_time(self) -> None:
        message = {"msg_id": "a1b2c3", "delivery_time": "1796000000000"}
        receipt = read_receipt(*signed(event(message=message)))
        self.assertEqual(receipt.at, datetime.fromtimestamp(1796000000, tz=UTC))

    def test_the_header_is_found_whatever_its_case(self) -> None:
        body, headers = signed(event())
        lowered = {name.lower(): value for name, value in headers.items()}
        self.assertEqual(read_receipt(body, lowered).provider_id, "a1b2c3")

    def test_a_wrong_signature_is_forged(self) -> None:
        body, _ = signed(event())
        with self.assertRaises(ForgedReceipt):
            read_receipt(body, {"X-ZEvent-Signature": "mac=" + "0" * 64})

    def test_a_signature_with_another_key_is_forged(self) -> None:
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(event(), secret="someone-else"))

    def test_a_missing_signature_is_forged(self) -> None:
        body, _ = signed(event())
        with self.assertRaises(ForgedReceipt):
            read_receipt(body, {})

    def test_a_body_changed_after_signing_is_forged(self) -> None:
        body, headers = signed(event())
        with self.assertRaises(ForgedReceipt):
            read_receipt(body.replace(b"a1b2c3", b"ffffff"), headers)

    def test_an_event_of_another_app_is_forged(self) -> None:
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(event(app_id="another-app")))

    def test_an_old_timestamp_is_forged(self) -> None:
        old = clock.wall() - timedelta(seconds=301)
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(event(timestamp=str(int(old.timestamp() * 1000)))))

    def test_a_timestamp_far_ahead_is_forged(self) -> None:
        ahead = clock.wall() + timedelta(seconds=301)
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(event(timestamp=str(int(ahead.timestamp() * 1000)))))

    @override_settings(MOTCUA_ZNS_SECRET="")
    def test_without_a_secret_every_receipt_is_forged(self) -> None:
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(event(), secret=""))

    def test_a_body_that_is_not_json_is_forged(self) -> None:
        with self.assertRaises(ForgedReceipt):
            read_receipt(b"msg_id=a1b2c3", {"X-ZEvent-Signature": "mac=00"})

    def test_an_unknown_event_is_bad(self) -> None:
        with self.assertRaises(BadReceipt):
            read_receipt(*signed(event(event_name="user_seen_message")))

    def test_an_event_without_msg_id_is_bad(self) -> None:
        with self.assertRaises(BadReceipt):
            read_receipt(*signed(event(message={"delivery_time": "1796000000000"})))
