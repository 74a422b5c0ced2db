"""The local Zalo ZNS (notifications.local.zalo_zns): the answers it gives on the wire, the
signed receipts it posts to a webhook, its page, and its command line."""

from __future__ import annotations

import json
import queue
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import SimpleTestCase

from notifications.channels.zalo import read_receipt, send
from notifications.local.zalo_zns import LocalZns, build, start_local_zns
from notifications.tests.test_zalo_channel import PARAMS, TEMPLATE, outgoing

WAIT = 10  # seconds at most for a receipt to arrive; it comes in milliseconds


class Webhook:
    """A receiver on 127.0.0.1 that keeps what is posted to it (body, headers)."""

    def __init__(self) -> None:
        self.posts: queue.Queue[tuple[bytes, dict[str, str]]] = queue.Queue()
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                webhook.posts.put((body, dict(self.headers.items())))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/zalo/webhook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def post(zns: LocalZns, fields: dict[str, Any], *, token: str | None = None) -> Any:
    """Zalo's JSON answer to a raw send request."""
    request = urllib.request.Request(  # noqa: S310 - the local stand-in
        zns.url + "/message/template",
        data=json.dumps(fields).encode(),
        method="POST",
        headers={"access_token": zns.access_token if token is None else token},
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return json.load(response)


def request_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "phone": "84912345678",
        "template_id": TEMPLATE,
        "template_data": PARAMS,
        "tracking_id": "ntf-1",
    }
    fields.update(overrides)
    return fields


def page(zns: LocalZns) -> str:
    with urllib.request.urlopen(zns.url + "/", timeout=5) as response:  # noqa: S310
        return str(response.read().decode())


class LocalZnsTestCase(SimpleTestCase):
    def zns(self, **options: Any) -> LocalZns:
        zns = start_local_zns(self, **options)
        zns.approve(TEMPLATE, set(PARAMS))
        return zns

    def webhook(self) -> Webhook:
        webhook = Webhook()
        self.addCleanup(webhook.stop)
        return webhook

    def test_an_accepted_message_gets_a_msg_id_its_time_and_the_quota(self) -> None:
        answer = post(self.zns(), request_fields())
        self.assertEqual(
            (answer["error"], sorted(answer["data"])), (0, ["msg_id", "quota", "sent_time"])
        )

    def test_a_wrong_token_gets_zalo_code_124(self) -> None:
        self.assertEqual(post(self.zns(), request_fields(), token="nope")["error"], -124)

    def test_a_number_without_zalo_gets_zalo_code_118(self) -> None:
        zns = self.zns()
        zns.without_zalo("0912345678")
        self.assertEqual(post(zns, request_fields())["error"], -118)

    def test_a_failure_asked_for_is_answered_with_its_status(self) -> None:
        zns = self.zns()
        zns.fail_next(1, status=503)
        with self.assertRaises(urllib.error.HTTPError) as caught:
            post(zns, request_fields())
        self.assertEqual(caught.exception.code, 503)

    def test_the_webhook_it_posts_passes_read_receipt(self) -> None:
        webhook = self.webhook()
        self.zns(webhook_url=webhook.url)
        accepted = send(outgoing())
        receipt = read_receipt(*webhook.posts.get(timeout=WAIT))
        self.assertEqual(
            (receipt.outcome, receipt.provider_id), ("delivered", accepted.provider_id)
        )

    def test_the_receipt_it_posts_carries_our_reference(self) -> None:
        webhook = self.webhook()
        self.zns(webhook_url=webhook.url)
        send(outgoing(reference="ntf-4242"))
        self.assertEqual(read_receipt(*webhook.posts.get(timeout=WAIT)).reference, "ntf-4242")

    def test_a_receipt_can_be_posted_by_hand(self) -> None:
        webhook = self.webhook()
        zns = self.zns(webhook_url=webhook.url, auto_receipts=False)
        accepted = send(outgoing())
        self.assertEqual(zns.post_receipt(accepted.provider_id), 200)
        self.assertEqual(
            read_receipt(*webhook.posts.get(timeout=WAIT)).provider_id, accepted.provider_id
        )

    def test_the_receipt_posted_is_noted_on_the_message(self) -> None:
        webhook = self.webhook()
        zns = self.zns(webhook_url=webhook.url, auto_receipts=False)
        accepted = send(outgoing())
        zns.post_receipt(accepted.provider_id)
        self.assertEqual(zns.message(accepted.provider_id).receipt, "HTTP 200")

    def test_a_receipt_needs_a_webhook(self) -> None:
        zns = self.zns()
        accepted = send(outgoing())
        with self.assertRaises(ValueError):
            zns.post_receipt(accepted.provider_id)

    def test_messages_sent_together_are_all_kept(self) -> None:
        zns = self.zns()
        with ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(
                pool.map(lambda n: send(outgoing(reference=f"ntf-{n}")).provider_id, range(24))
            )
        self.assertEqual(sorted(m.msg_id for m in zns.messages), sorted(set(ids)))

    def test_the_page_is_in_vietnamese(self) -> None:
        self.assertIn('<html lang="vi">', page(self.zns()))

    def test_the_page_lists_the_messages(self) -> None:
        zns = self.zns()
        send(outgoing(reference="ntf-9001"))
        self.assertIn("ntf-9001", page(zns))

    def test_the_page_names_its_columns(self) -> None:
        zns = self.zns()
        send(outgoing())
        self.assertIn('<th scope="col">Số điện thoại</th>', page(zns))

    def test_the_page_escapes_what_it_shows(self) -> None:
        zns = self.zns()
        send(outgoing(template_data={**PARAMS, "ho_ten": "<b>An</b>"}))
        self.assertNotIn("<b>An</b>", page(zns))


class CommandLineTestCase(SimpleTestCase):
    def test_a_template_given_on_the_command_line_is_approved(self) -> None:
        zns = build(["--port", "0", "--template", "OTP=otp"]).start()
        self.addCleanup(zns.stop)
        answer = post(zns, request_fields(template_id="OTP", template_data={"otp": "482913"}))
        self.assertEqual(answer["error"], 0)

    def test_a_number_given_without_zalo_on_the_command_line_has_none(self) -> None:
        zns = build(["--port", "0", "--template", "OTP=otp", "--without-zalo", "0912345678"])
        zns.start()
        self.addCleanup(zns.stop)
        answer = post(zns, request_fields(template_id="OTP", template_data={"otp": "482913"}))
        self.assertEqual(answer["error"], -118)
