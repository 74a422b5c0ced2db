"""The SMS channel sends through the local brandname gateway, tells a refusal from a failure
worth retrying, and reads only the delivery receipts signed with our secret."""

from __future__ import annotations

import json
import socket
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import SimpleTestCase, override_settings

from core import clock
from notifications import sms_text
from notifications.channels.base import (
    Accepted,
    BadReceipt,
    DeliveryError,
    ForgedReceipt,
    Outgoing,
    Receipt,
)
from notifications.channels.sms import (
    TRANSIENT_ERRORS,
    normalise_phone,
    read_receipt,
    send,
    sign_receipt,
)
from notifications.local.sms_gateway import LocalSmsGateway

KEY = "khoa-cong-sms-thu"
SECRET = "bi-mat-bao-nhan-thu"
CODE_TEXT = "Mã đăng nhập MotCua của ông/bà: 482913. Không chia sẻ mã này cho người khác."
# 178 characters with diacritics: UCS-2, three segments of 67 (two in GSM-7 without them).
RECEIVED = (
    "UBND phường Hoàn Kiếm đã tiếp nhận hồ sơ 000.00.01.H26-261204-0001 của ông/bà, hẹn trả kết "
    "quả ngày 11/12/2026. Tra cứu tại https://dichvucong.hanoi.gov.vn/tra-cuu bằng mã hồ sơ."
)


def outgoing(**overrides: Any) -> Outgoing:
    fields: dict[str, Any] = {
        "reference": "TB-1",
        "address": "0912345678",
        "subject": "Mã đăng nhập",
        "body": CODE_TEXT,
    }
    fields.update(overrides)
    return Outgoing(**fields)


def sms_settings(url: str, **overrides: Any) -> override_settings:
    values: dict[str, Any] = {
        "MOTCUA_SMS_URL": url,
        "MOTCUA_SMS_API_KEY": KEY,
        "MOTCUA_SMS_BRANDNAME": "MOTCUA",
        "MOTCUA_SMS_FORMAT": "json",
        "MOTCUA_SMS_CALLBACK_SECRET": SECRET,
        "MOTCUA_SMS_TIMEOUT_SECONDS": 2,
    }
    values.update(overrides)
    return override_settings(**values)


class SmsSendTestCase(SimpleTestCase):
    gateway: LocalSmsGateway

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.gateway = LocalSmsGateway(api_key=KEY, callback_secret=SECRET, manual_receipts=True)
        cls.gateway.start()
        cls.addClassCleanup(cls.gateway.stop)
        cls.enterClassContext(sms_settings(cls.gateway.url))

    def setUp(self) -> None:
        self.gateway.reset()

    def refused(self, message: Outgoing | None = None) -> DeliveryError:
        with self.assertRaises(DeliveryError) as caught:
            send(message or outgoing())
        return caught.exception

    def test_a_vietnamese_text_goes_as_unicode_with_its_segments(self) -> None:
        accepted = send(outgoing(body=RECEIVED))
        [record] = self.gateway.messages()
        self.assertEqual((record.unicode, record.segments, accepted.segments), (True, 3, 3))

    def test_a_text_without_diacritics_goes_as_gsm7(self) -> None:
        plain = sms_text.plain_vietnamese(RECEIVED)
        accepted = send(outgoing(body=plain))
        [record] = self.gateway.messages()
        self.assertEqual((record.unicode, accepted.segments), (False, 2))

    def test_the_text_and_the_reference_arrive_as_given(self) -> None:
        send(outgoing(reference="TB-42"))
        [record] = self.gateway.messages()
        self.assertEqual((record.text, record.ref), (CODE_TEXT, "TB-42"))

    def test_the_number_goes_in_its_international_form(self) -> None:
        send(outgoing(address="0912 345 678"))
        self.assertEqual(self.gateway.messages()[0].to, "84912345678")

    def test_the_brandname_is_the_senders(self) -> None:
        send(outgoing(sender="UBNDHK"))
        self.assertEqual(self.gateway.messages()[0].brandname, "UBNDHK")

    def test_without_a_sender_the_brandname_is_the_configured_one(self) -> None:
        send(outgoing())
        self.assertEqual(self.gateway.messages()[0].brandname, "MOTCUA")

    def test_the_callback_url_is_given_to_the_gateway(self) -> None:
        send(outgoing(callback_url="https://motcua.example.vn/bao-nhan/sms"))
        self.assertEqual(
            self.gateway.messages()[0].callback_url, "https://motcua.example.vn/bao-nhan/sms"
        )

    def test_an_accepted_message_is_sending_under_the_gateways_id(self) -> None:
        accepted = send(outgoing())
        [record] = self.gateway.messages()
        self.assertEqual(accepted, Accepted(record.message_id, delivered=False, segments=2))

    @override_settings(MOTCUA_SMS_FORMAT="form")
    def test_a_form_encoded_message_arrives_whole(self) -> None:
        send(outgoing(body=RECEIVED, sender="UBNDHK"))
        [record] = self.gateway.messages()
        self.assertEqual(
            (record.format, record.text, record.brandname, record.unicode, record.segments),
            ("form", RECEIVED, "UBNDHK", True, 3),
        )

    def test_a_gateway_outage_is_retried_until_it_takes_the_message(self) -> None:
        self.gateway.fail_next(2, status=503)
        errors = [self.refused(), self.refused()]
        self.assertEqual([(e.permanent, e.code) for e in errors], [(False, "unavailable")] * 2)
        self.assertIsInstance(send(outgoing()), Accepted)

    def test_a_rate_limit_is_retried(self) -> None:
        self.gateway.fail_next(1, status=429)
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (False, "rate_limited"))

    def test_a_number_that_is_not_a_mobile_is_refused_without_calling(self) -> None:
        error = self.refused(outgoing(address="024 3825 1234"))  # a Hà Nội landline
        self.assertEqual((error.permanent, error.code), (True, "invalid_number"))
        self.assertEqual(self.gateway.calls, 0)

    def test_a_number_the_gateway_does_not_know_is_refused_for_good(self) -> None:
        error = self.refused(outgoing(address="0912340000"))
        self.assertEqual((error.permanent, error.code), (True, "invalid_number"))
        self.assertEqual(self.gateway.calls, 1)

    def test_a_refusal_keeps_the_gateways_code(self) -> None:
        self.gateway.refuse("0912345678", "unsubscribed", status=422)
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (True, "unsubscribed"))

    def test_the_gateways_words_are_kept_without_the_number(self) -> None:
        said = {"error": "blocked", "message": "84912345678 đã chặn tin nhắn quảng cáo"}
        self.gateway.fail_next(1, status=400, body=json.dumps(said).encode())
        error = self.refused()
        self.assertIn("đã chặn tin nhắn", str(error))
        self.assertNotIn("84912345678", str(error))

    @override_settings(MOTCUA_SMS_API_KEY="khoa-sai")
    def test_a_wrong_key_is_retried_as_unauthorized(self) -> None:
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (False, "unauthorized"))

    def test_an_answer_that_is_not_json_is_retried(self) -> None:
        self.gateway.fail_next(1, status=200, body=b"<html>OK</html>")
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (False, "bad_answer"))

    def test_a_wrong_url_is_retried_as_not_found(self) -> None:
        with override_settings(MOTCUA_SMS_URL=self.gateway.url + "/khong-co"):
            error = self.refused()
        self.assertEqual((error.permanent, error.code), (False, "not_found"))

    @override_settings(MOTCUA_SMS_URL="")
    def test_without_a_gateway_nothing_can_be_sent(self) -> None:
        error = self.refused()
        self.assertEqual((error.permanent, error.code), (True, "not_configured"))

    def test_a_gateway_that_does_not_answer_in_time_is_retried(self) -> None:
        # A socket that listens and never answers: the connection is made, the answer never comes.
        with socket.create_server(("127.0.0.1", 0)) as silent:
            url = f"http://127.0.0.1:{silent.getsockname()[1]}"
            with override_settings(MOTCUA_SMS_URL=url, MOTCUA_SMS_TIMEOUT_SECONDS=0.1):
                error = self.refused()
        self.assertEqual((error.permanent, error.code), (False, "timeout"))

    def test_a_gateway_that_cannot_be_reached_is_retried(self) -> None:
        with socket.create_server(("127.0.0.1", 0)) as closed:
            url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        with override_settings(MOTCUA_SMS_URL=url):
            error = self.refused()
        self.assertEqual((error.permanent, error.code), (False, "unreachable"))

    def test_the_log_shows_neither_the_number_nor_the_text(self) -> None:
        self.gateway.fail_next(1, status=503)
        with self.assertLogs("motcua.notifications", "INFO") as logs:
            self.refused()
            send(outgoing())
        logged = "\n".join(logs.output)
        self.assertEqual(len(logs.output), 2)
        for secret in ("0912345678", "84912345678", "482913"):
            self.assertNotIn(secret, logged)


def signed(
    receipt: dict[str, Any] | bytes, *, secret: str = SECRET, at: float | None = None
) -> tuple[bytes, dict[str, str]]:
    """A receipt's body and headers as the gateway posts them, signed with ``secret``."""
    body = receipt if isinstance(receipt, bytes) else json.dumps(receipt).encode()
    timestamp = str(int(time.time() if at is None else at))
    return body, {"X-Timestamp": timestamp, "X-Signature": sign_receipt(secret, timestamp, body)}


def receipt(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "message_id": "a1b2c3",
        "ref": "TB-1",
        "status": "delivered",
        "error": "",
        "done_at": "2026-12-07T09:30:00+07:00",
    }
    fields.update(overrides)
    return fields


@override_settings(MOTCUA_SMS_CALLBACK_SECRET=SECRET, MOTCUA_RECEIPT_MAX_AGE_SECONDS=300)
class SmsReceiptTestCase(SimpleTestCase):
    def read(self, **overrides: Any) -> Receipt:
        return read_receipt(*signed(receipt(**overrides)))

    def test_a_delivered_receipt_is_read(self) -> None:
        self.assertEqual(
            self.read(),
            Receipt(
                provider_id="a1b2c3",
                reference="TB-1",
                outcome="delivered",
                detail="",
                at=datetime(2026, 12, 7, 2, 30, tzinfo=UTC),
            ),
        )

    def test_a_failure_that_passes_is_temporary(self) -> None:
        for error in sorted(TRANSIENT_ERRORS):
            with self.subTest(error):
                read = self.read(status="failed", error=error)
                self.assertEqual((read.outcome, read.detail), ("temporary-failure", error))

    def test_any_other_failure_is_permanent(self) -> None:
        for error in ("invalid_number", "blocked", "unsubscribed", "la_lung", ""):
            with self.subTest(error):
                self.assertEqual(
                    self.read(status="failed", error=error).outcome, "permanent-failure"
                )

    def test_header_names_are_read_in_any_case(self) -> None:
        body, headers = signed(receipt())
        lowered = {name.lower(): value for name, value in headers.items()}
        self.assertEqual(read_receipt(body, lowered).outcome, "delivered")

    def test_a_time_without_a_zone_is_vietnams(self) -> None:
        read = self.read(done_at="2026-12-07T09:30:00")
        self.assertEqual(read.at, datetime(2026, 12, 7, 2, 30, tzinfo=UTC))

    def test_a_receipt_within_the_allowed_age_is_taken(self) -> None:
        read = read_receipt(*signed(receipt(), at=time.time() - 290))
        self.assertEqual(read.outcome, "delivered")

    def test_the_age_is_counted_in_real_time_while_history_is_replayed(self) -> None:
        with clock.at(datetime(2020, 1, 1, tzinfo=UTC)):
            self.assertEqual(self.read().outcome, "delivered")

    def test_a_wrong_signature_is_forged(self) -> None:
        body, headers = signed(receipt(), secret="bi-mat-khac")
        with self.assertRaises(ForgedReceipt):
            read_receipt(body, headers)

    def test_a_body_changed_after_signing_is_forged(self) -> None:
        body, headers = signed(receipt(status="failed", error="blocked"))
        with self.assertRaises(ForgedReceipt):
            read_receipt(body.replace(b"failed", b"delivered"), headers)

    def test_a_receipt_without_a_signature_is_forged(self) -> None:
        body, headers = signed(receipt())
        del headers["X-Signature"]
        with self.assertRaises(ForgedReceipt):
            read_receipt(body, headers)

    def test_a_receipt_without_a_timestamp_is_forged(self) -> None:
        body, headers = signed(receipt())
        del headers["X-Timestamp"]
        with self.assertRaises(ForgedReceipt):
            read_receipt(body, headers)

    def test_an_old_receipt_is_refused_as_a_replay(self) -> None:
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(receipt(), at=time.time() - 301))

    def test_a_receipt_from_the_future_is_refused(self) -> None:
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(receipt(), at=time.time() + 301))

    @override_settings(MOTCUA_SMS_CALLBACK_SECRET="")
    def test_without_a_secret_no_receipt_is_believed(self) -> None:
        with self.assertRaises(ForgedReceipt):
            read_receipt(*signed(receipt(), secret=""))

    def test_signed_json_that_cannot_be_read_is_bad(self) -> None:
        with self.assertRaises(BadReceipt):
            read_receipt(*signed(b"{not json"))

    def test_a_receipt_without_a_message_id_is_bad(self) -> None:
        with self.assertRaises(BadReceipt):
            self.read(message_id="")

    def test_an_unknown_status_is_bad(self) -> None:
        with self.assertRaises(BadReceipt):
            self.read(status="pending")

    def test_an_unreadable_time_is_bad(self) -> None:
        with self.assertRaises(BadReceipt):
            self.read(done_at="hôm qua")


@pytest.mark.parametrize(
    "written",
    ["0912345678", "0912 345 678", "091.234.5678", "(091) 234-5678", "+84912345678",
     "84 912 345 678", "0084912345678", "０９１２３４５６７８"],
)  # fmt: skip
def test_a_mobile_number_is_normalised_to_84(written: str) -> None:
    assert normalise_phone(written) == "84912345678"


@pytest.mark.parametrize(
    "written",
    ["02438251234", "091234567", "09123456789", "01691234567", "0912-345-67x", "",
     "٠٩١٢٣٤٥٦٧٨", "1912345678"],
)  # fmt: skip
def test_what_is_not_a_vietnamese_mobile_number_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="not a Vietnamese mobile number"):
        normalise_phone(written)
