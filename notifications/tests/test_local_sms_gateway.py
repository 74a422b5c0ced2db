"""The local SMS gateway speaks the channel's protocol: it checks what it is sent as a real
gateway would, shows its inbox to a developer, and posts signed receipts that the channel
believes."""

from __future__ import annotations

import json
import queue
import threading
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

import pytest
from django.test import SimpleTestCase, override_settings

from core.testing_browser import assert_accessible, expect
from notifications.channels.base import Outgoing, Receipt
from notifications.channels.sms import read_receipt, send
from notifications.local.sms_gateway import LocalSmsGateway

KEY = "khoa-cong-sms-thu"
SECRET = "bi-mat-bao-nhan-thu"
TEXT = "Hồ sơ 000.00.01.H26-261204-0001 đã được tiếp nhận."


def message(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "brandname": "MOTCUA",
        "to": "84912345678",
        "text": TEXT,
        "unicode": 1,
        "ref": "TB-1",
        "callback_url": "",
    }
    fields.update(overrides)
    return fields


def post(
    url: str, fields: dict[str, Any], *, key: str = KEY, form: bool = False
) -> tuple[int, dict[str, Any]]:
    """POST a send request to the gateway at ``url``: its status and JSON answer."""
    if form:
        body, kind = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
    else:
        body, kind = json.dumps(fields).encode(), "application/json"
    request = urllib.request.Request(  # noqa: S310 - the local gateway
        url + "/v1/messages",
        data=body,
        method="POST",
        headers={"Content-Type": kind, "Authorization": f"Bearer {key}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the local gateway
        return cast(bytes, response.read()).decode()


class Callback:
    """Our end of the receipts: an HTTP server on 127.0.0.1 that keeps what it is posted."""

    def __init__(self) -> None:
        received: queue.Queue[tuple[bytes, dict[str, str]]] = queue.Queue()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.put((body, dict(self.headers.items())))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/bao-nhan/sms"

    def next(self) -> tuple[bytes, dict[str, str]]:
        """The next receipt posted (waiting for it a few seconds at most)."""
        return self.received.get(timeout=5)

    def start(self) -> None:
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Page(HTMLParser):
    """The inbox page as a tree of open and closed tags, checked as it is read."""

    VOID = {"meta", "link", "br", "img", "input", "hr"}

    def __init__(self, text: str) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []
        self.starts: list[tuple[str, dict[str, str]]] = []
        self.feed(text)
        self.close()
        self.problems += [f"<{tag}> never closed" for tag in self.open]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, {name: value or "" for name, value in attrs}))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.starts if tag == name]


class LocalSmsGatewayTestCase(SimpleTestCase):
    gateway: LocalSmsGateway
    callback: Callback

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.callback = Callback()
        cls.callback.start()
        cls.addClassCleanup(cls.callback.stop)
        cls.gateway = LocalSmsGateway(api_key=KEY, callback_secret=SECRET)
        cls.gateway.start()
        cls.addClassCleanup(cls.gateway.stop)
        cls.enterClassContext(
            override_settings(
                MOTCUA_SMS_URL=cls.gateway.url,
                MOTCUA_SMS_API_KEY=KEY,
                MOTCUA_SMS_FORMAT="json",
                MOTCUA_SMS_CALLBACK_SECRET=SECRET,
                MOTCUA_SMS_TIMEOUT_SECONDS=2,
                MOTCUA_RECEIPT_MAX_AGE_SECONDS=300,
            )
        )

    def setUp(self) -> None:
        self.gateway.reset()
        self.gateway.manual_receipts = False
        self.addCleanup(self.no_receipt_left)

    def no_receipt_left(self) -> None:
        self.gateway.wait_for_receipts()
        self.assertTrue(self.callback.received.empty(), "a receipt no test read")

    def send(self, **overrides: Any) -> str:
        fields: dict[str, Any] = {"reference": "TB-1", "address": "0912345678", "subject": ""}
        fields.update({"body": TEXT, "callback_url": self.callback.url, **overrides})
        return send(Outgoing(**fields)).provider_id

    def receipt(self) -> Receipt:
        return read_receipt(*self.callback.next())

    # Taking messages ---------------------------------------------------------------------------

    def test_it_takes_a_message_and_counts_its_segments(self) -> None:
        status, answer = post(self.gateway.url, message(text="ộ" * 71))
        self.assertEqual((status, answer["segments"]), (202, 2))
        self.assertEqual([r.message_id for r in self.gateway.messages()], [answer["message_id"]])

    def test_plain_text_asked_as_unicode_is_counted_as_ucs2(self) -> None:
        status, answer = post(self.gateway.url, message(text="a" * 71, unicode=1))
        self.assertEqual((status, answer["segments"]), (202, 2))

    def test_it_takes_a_form(self) -> None:
        status, _ = post(self.gateway.url, message(), form=True)
        self.assertEqual(status, 202)
        [record] = self.gateway.messages()
        self.assertEqual((record.format, record.text), ("form", TEXT))

    def test_it_refuses_a_request_without_the_right_key(self) -> None:
        status, answer = post(self.gateway.url, message(), key="khoa-sai")
        self.assertEqual((status, answer["error"]), (401, "unauthorized"))

    def test_it_refuses_vietnamese_sent_as_gsm7(self) -> None:
        status, answer = post(self.gateway.url, message(unicode=0))
        self.assertEqual((status, answer["error"]), (422, "unicode_required"))

    def test_it_refuses_a_number_not_written_84(self) -> None:
        status, answer = post(self.gateway.url, message(to="0912345678"))
        self.assertEqual((status, answer["error"]), (400, "invalid_number"))

    def test_it_refuses_a_number_ending_0000(self) -> None:
        status, answer = post(self.gateway.url, message(to="84912340000"))
        self.assertEqual((status, answer["error"]), (400, "invalid_number"))

    def test_it_refuses_what_cannot_be_a_brandname(self) -> None:
        status, answer = post(self.gateway.url, message(brandname="UBND PHUONG HOAN KIEM"))
        self.assertEqual((status, answer["error"]), (422, "invalid_brandname"))

    def test_it_refuses_a_brandname_not_registered(self) -> None:
        with LocalSmsGateway(brandnames=["MOTCUA"]) as gateway:
            status, answer = post(gateway.url, message(brandname="KHAC"))
        self.assertEqual((status, answer["error"]), (422, "invalid_brandname"))

    def test_it_refuses_a_text_that_is_not_a_string(self) -> None:
        status, answer = post(self.gateway.url, message(text=["không", "phải", "chuỗi"]))
        self.assertEqual((status, answer["error"]), (400, "bad_request"))

    def test_a_scripted_failure_comes_first(self) -> None:
        self.gateway.fail_next(1, status=502)
        self.assertEqual(post(self.gateway.url, message())[0], 502)
        self.assertEqual(post(self.gateway.url, message())[0], 202)

    # Showing them ------------------------------------------------------------------------------

    def test_the_listing_is_json(self) -> None:
        post(self.gateway.url, message())
        [listed] = json.loads(get(self.gateway.url + "/v1/messages"))
        self.assertEqual(
            (listed["to"], listed["text"], listed["unicode"]), ("84912345678", TEXT, True)
        )

    def test_the_inbox_shows_the_newest_first(self) -> None:
        post(self.gateway.url, message(text="Mã đăng nhập: 111111"))
        post(self.gateway.url, message(text="Mã đăng nhập: 222222"))
        page = get(self.gateway.url + "/")
        self.assertLess(page.index("222222"), page.index("111111"))

    def test_the_inbox_shows_the_number_as_written_at_home(self) -> None:
        post(self.gateway.url, message())
        self.assertIn("0912345678", get(self.gateway.url + "/"))

    def test_the_inbox_escapes_the_text(self) -> None:
        post(self.gateway.url, message(text="<script>alert('x')</script> & co"))
        page = get(self.gateway.url + "/")
        self.assertNotIn("<script>", page)
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co", page)

    def test_the_inbox_is_well_formed_vietnamese_html(self) -> None:
        post(self.gateway.url, message())
        page = Page(get(self.gateway.url + "/"))
        self.assertEqual(page.problems, [])
        self.assertEqual(page.tags("html"), [{"lang": "vi"}])
        self.assertIn({"http-equiv": "refresh", "content": "5"}, page.tags("meta"))
        self.assertEqual({th.get("scope") for th in page.tags("th")}, {"col", "row"})

    def test_the_inbox_shows_the_receipt(self) -> None:
        self.gateway.outcome_for("0912345678", "failed", "phone_off")
        self.send()
        self.receipt()
        self.gateway.wait_for_receipts()  # it records the receipt once the callback answered
        self.assertIn("Không đến được (phone_off)", get(self.gateway.url + "/"))

    # Receipts ----------------------------------------------------------------------------------

    def test_its_receipt_is_believed_by_the_channel(self) -> None:
        message_id = self.send(reference="TB-7")
        receipt = self.receipt()
        self.assertEqual(
            (receipt.provider_id, receipt.reference, receipt.outcome, receipt.detail),
            (message_id, "TB-7", "delivered", ""),
        )
        self.assertIsNotNone(receipt.at)

    def test_a_number_told_to_fail_gets_a_failed_receipt(self) -> None:
        self.gateway.outcome_for("0912345678", "failed", "phone_off")
        self.send()
        receipt = self.receipt()
        self.assertEqual((receipt.outcome, receipt.detail), ("temporary-failure", "phone_off"))

    def test_a_receipt_posted_again_is_the_same_receipt(self) -> None:
        self.gateway.manual_receipts = True
        message_id = self.send()
        self.assertEqual(self.gateway.post_receipt(message_id, "failed", "blocked"), 200)
        self.assertEqual(self.gateway.post_receipt(message_id, "failed", "blocked"), 200)
        first, again = self.receipt(), self.receipt()
        self.assertEqual(
            (first.provider_id, first.outcome, again.provider_id, again.outcome),
            (message_id, "permanent-failure", message_id, "permanent-failure"),
        )

    def test_the_gateway_records_what_the_callback_answered(self) -> None:
        self.gateway.manual_receipts = True
        message_id = self.send()
        self.gateway.post_receipt(message_id, "delivered")
        [record] = self.gateway.messages()
        self.assertEqual((record.receipt_status, record.receipt_answer), ("delivered", "200"))
        self.receipt()

    def test_told_to_wait_it_posts_no_receipt_by_itself(self) -> None:
        self.gateway.manual_receipts = True
        self.send()
        self.gateway.wait_for_receipts()
        self.assertTrue(self.callback.received.empty())


@pytest.mark.browser
def test_the_inbox_passes_axe_core(page: Any) -> None:
    """WCAG 2.1 A and AA, but for its reload every 5 seconds (axe's meta-refresh rule): a
    developer's page that follows the messages as they come."""
    with LocalSmsGateway() as gateway:
        post(gateway.url, message(text="Mã đăng nhập MotCua: 482913"))
        page.goto(gateway.url + "/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hộp thư SMS thử nghiệm")
        assert_accessible(page, exclude=('meta[http-equiv="refresh"]',))
