"""A local Zalo ZNS on 127.0.0.1, speaking the protocol of ``notifications.channels.zalo``:
for tests, and for trying notifications by Zalo on a developer's machine.

It takes ``POST /message/template`` with the OA's ``access_token`` header and answers as Zalo
does (``error`` 0 with a ``msg_id``, or Zalo's negative codes): a wrong token, a number that is
not a Vietnamese mobile, a number without Zalo (``without_zalo``), a person who refuses ZNS
(``declining``), a template not approved (``approve`` names those that are, with exactly the
parameters each takes) and the daily quota spent. ``fail_next`` makes the next answers fail
with an HTTP status and no JSON. Each message taken is kept (``messages``); when a webhook URL
is set, a background thread posts the signed ``user_received_message`` event for it, as Zalo
does once the phone has the message (or ``post_receipt`` posts it by hand).

``GET /`` lists the messages taken, newest first. In a test, ``start_local_zns(self)`` runs one
with the MOTCUA_ZNS_* settings pointing at it. Run on its own with
``python -m notifications.local.zalo_zns --port 8028 --template OTP=otp`` and point the app at
it with ``MOTCUA_ZNS_URL=http://127.0.0.1:8028`` (the token, app id and OA secret key default to
the app's own MOTCUA_ZNS_* settings, so that both sides agree).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import html
import json
import os
import queue
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_TOKEN = "local-zns-token"  # noqa: S105 - a local stand-in's own token
DEFAULT_APP_ID = "local-zns-app"
DEFAULT_SECRET = "local-zns-secret"  # noqa: S105
DEFAULT_PORT = 8028

# The codes this stand-in answers with (Zalo's; see notifications.channels.zalo).
UNKNOWN_ERROR = -100
PHONE_INVALID = -108
TEMPLATE_INVALID = -109
TEMPLATE_DATA_EMPTY = -111
TEMPLATE_DATA_INVALID = -112
USER_REFUSES = -114
NO_ZALO_ACCOUNT = -118
TOKEN_INVALID = -124
DAILY_QUOTA = -144

_REASONS = {
    UNKNOWN_ERROR: "Unknown error",
    PHONE_INVALID: "Phone number invalid",
    TEMPLATE_INVALID: "Template ID invalid or not approved",
    TEMPLATE_DATA_EMPTY: "Template data empty",
    TEMPLATE_DATA_INVALID: "Template data invalid",
    USER_REFUSES: "User does not receive ZNS",
    NO_ZALO_ACCOUNT: "Zalo account not existed",
    TOKEN_INVALID: "Access token invalid",
    DAILY_QUOTA: "Daily quota exceeded",
}

_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _phone(number: str) -> str | None:
    # Imported here: the channel package loads Django's models, and this server also runs on
    # its own (``main`` sets Django up first).
    from notifications.channels.zalo import normalise_phone

    return normalise_phone(number)


@dataclass(frozen=True)
class SentZns:
    """One message the stand-in took."""

    msg_id: str
    phone: str
    template_id: str
    template_data: dict[str, Any]
    tracking_id: str
    sent_at: datetime
    # What became of its receipt: "" (none posted), "HTTP 200", or the error.
    receipt: str = ""


class LocalZns:
    """Run with ``with LocalZns(webhook_url=…) as zns:``; send to ``zns.url``."""

    def __init__(
        self,
        *,
        access_token: str = DEFAULT_TOKEN,
        app_id: str = DEFAULT_APP_ID,
        secret: str = DEFAULT_SECRET,
        oa_id: str = "local-oa",
        webhook_url: str = "",
        auto_receipts: bool = True,
        receipt_delay: float = 0.0,
        daily_quota: int = 1000,
        port: int = 0,
    ) -> None:
        self.access_token = access_token
        self.app_id = app_id
        self.secret = secret
        self.oa_id = oa_id
        self.webhook_url = webhook_url
        self.auto_receipts = auto_receipts
        self.receipt_delay = receipt_delay
        self.daily_quota = daily_quota
        self.port = port
        # One lock for everything the request threads and the receipt thread share.
        self._lock = threading.Lock()
        self._templates: dict[str, frozenset[str]] = {}
        self._without_zalo: set[str] = set()
        self._declining: set[str] = set()
        self._failures: list[int] = []
        self._messages: list[SentZns] = []
        self._requests = 0
        self._sent_today = 0
        self._server: _Server | None = None
        self._receipts: queue.Queue[str | None] = queue.Queue()
        self._stopping = threading.Event()
        self._poster: threading.Thread | None = None

    # Set-up ---------------------------------------------------------------------------------

    def approve(self, template_id: str, params: Iterable[str]) -> None:
        """The template is approved and its data must have exactly these parameters."""
        with self._lock:
            self._templates[template_id] = frozenset(params)

    def without_zalo(self, phone: str) -> None:
        """The number has no Zalo account (any of its written forms)."""
        with self._lock:
            self._without_zalo.add(_phone(phone) or phone)

    def declining(self, phone: str) -> None:
        """The number's owner has Zalo but does not take ZNS."""
        with self._lock:
            self._declining.add(_phone(phone) or phone)

    def fail_next(self, n: int, status: int = 500) -> None:
        """The next ``n`` requests get ``status`` and a body that is not Zalo's JSON."""
        with self._lock:
            self._failures.extend([status] * n)

    # What it saw ----------------------------------------------------------------------------

    @property
    def messages(self) -> list[SentZns]:
        with self._lock:
            return list(self._messages)

    def message(self, msg_id: str) -> SentZns:
        with self._lock:
            for sent in self._messages:
                if sent.msg_id == msg_id:
                    return sent
        raise KeyError(msg_id)

    @property
    def requests(self) -> int:
        """Send requests received, answered or not."""
        with self._lock:
            return self._requests

    # Running --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the local ZNS is not running")
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> LocalZns:
        server = _Server(("127.0.0.1", self.port), _Handler)
        server.zns = self
        self._server = server
        self._stopping = threading.Event()
        self._receipts = queue.Queue()
        # A short poll interval: ``stop`` waits for the loop to see it (0.5 s by default).
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        self._poster = threading.Thread(target=self._post_receipts, daemon=True)
        self._poster.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._receipts.put(None)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._poster is not None:
            self._poster.join(timeout=10)
            self._poster = None

    def __enter__(self) -> LocalZns:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # The protocol ---------------------------------------------------------------------------

    def answer(self, token: str, body: bytes) -> tuple[int, dict[str, Any] | None]:
        """The HTTP status and JSON answer to a send request (``None``: a failure without
        JSON, as ``fail_next`` asked)."""
        with self._lock:
            self._requests += 1
            if self._failures:
                return self._failures.pop(0), None
        if not hmac.compare_digest(token.encode(), self.access_token.encode()):
            return 200, _refusal(TOKEN_INVALID)
        try:
            request = json.loads(body)
        except ValueError:
            return 200, _refusal(UNKNOWN_ERROR)
        if not isinstance(request, dict):
            return 200, _refusal(UNKNOWN_ERROR)
        phone = _phone(str(request.get("phone") or ""))
        if phone is None:
            return 200, _refusal(PHONE_INVALID)
        template_id = str(request.get("template_id") or "")
        data = request.get("template_data")
        tracking_id = str(request.get("tracking_id") or "")
        if not isinstance(data, dict):
            return 200, _refusal(TEMPLATE_DATA_INVALID)
        with self._lock:
            refused = self._refusal(phone, template_id, data)
            if refused is not None:
                return 200, _refusal(refused)
            self._sent_today += 1
            sent = SentZns(
                msg_id=uuid.uuid4().hex,
                phone=phone,
                template_id=template_id,
                template_data=dict(data),
                tracking_id=tracking_id,
                sent_at=datetime.now(UTC),
            )
            self._messages.append(sent)
            remaining = self.daily_quota - self._sent_today
        if self.webhook_url and self.auto_receipts:
            self._receipts.put(sent.msg_id)
        return 200, {
            "error": 0,
            "message": "Success",
            "data": {
                "msg_id": sent.msg_id,
                "sent_time": str(int(sent.sent_at.timestamp() * 1000)),
                "quota": {"dailyQuota": str(self.daily_quota), "remainingQuota": str(remaining)},
            },
        }

    def _refusal(self, phone: str, template_id: str, data: dict[str, Any]) -> int | None:
        """Zalo's code for a request it refuses; under the lock."""
        if phone in self._without_zalo:
            return NO_ZALO_ACCOUNT
        if phone in self._declining:
            return USER_REFUSES
        params = self._templates.get(template_id)
        if params is None:
            return TEMPLATE_INVALID
        if not data and params:
            return TEMPLATE_DATA_EMPTY
        if set(data) != params:
            return TEMPLATE_DATA_INVALID
        if self._sent_today >= self.daily_quota:
            return DAILY_QUOTA
        return None

    def receipt(
        self, msg_id: str, *, timestamp_ms: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The signed ``user_received_message`` event for a message taken: body and headers."""
        from notifications.channels.zalo import DELIVERED_EVENT, SIGNATURE_HEADER, sign_event

        sent = self.message(msg_id)
        at = str(_now_ms() if timestamp_ms is None else timestamp_ms)
        event = {
            "app_id": self.app_id,
            "event_name": DELIVERED_EVENT,
            "sender": {"id": self.oa_id},
            # Zalo names the recipient by an id of its own for the app, never by the number.
            "recipient": {"id": hashlib.sha256(sent.phone.encode()).hexdigest()[:18]},
            "message": {
                "msg_id": sent.msg_id,
                "delivery_time": at,
                "tracking_id": sent.tracking_id,
            },
            "timestamp": at,
        }
        body = json.dumps(event, ensure_ascii=False).encode()
        return body, {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign_event(self.app_id, body, at, self.secret),
        }

    def post_receipt(self, msg_id: str) -> int:
        """Posts the message's receipt to the webhook now; the webhook's HTTP status (a
        connection that fails raises ``OSError``)."""
        if not self.webhook_url:
            raise ValueError("no webhook URL to post the receipt to")
        body, headers = self.receipt(msg_id)
        request = urllib.request.Request(  # noqa: S310 - the configured local webhook
            self.webhook_url, data=body, method="POST", headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            self._note_receipt(msg_id, f"lỗi: {exc}")
            raise
        self._note_receipt(msg_id, f"HTTP {status}")
        return status

    def _note_receipt(self, msg_id: str, outcome: str) -> None:
        with self._lock:
            self._messages = [
                replace(sent, receipt=outcome) if sent.msg_id == msg_id else sent
                for sent in self._messages
            ]

    def _post_receipts(self) -> None:
        while True:
            msg_id = self._receipts.get()
            if msg_id is None or self._stopping.wait(self.receipt_delay):
                return
            try:
                self.post_receipt(msg_id)
            except OSError:
                pass  # noted on the message; the page shows it

    # The page -------------------------------------------------------------------------------

    def page(self) -> str:
        """The messages taken, newest first, as a page in Vietnamese."""
        messages = self.messages[::-1]
        webhook = html.escape(self.webhook_url) if self.webhook_url else "chưa cấu hình"
        head = (
            '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">'
            "<title>Zalo ZNS thử nghiệm</title></head>\n<body>\n<main>\n"
            "<h1>Zalo ZNS thử nghiệm (MotCua, chỉ dùng khi phát triển)</h1>\n"
            f"<p>Đã nhận {len(messages)} tin. Biên nhận gửi về: {webhook}.</p>\n"
        )
        if not messages:
            return head + "<p>Chưa có tin nào.</p>\n</main>\n</body>\n</html>\n"
        columns = (
            "Thời điểm", "Số điện thoại", "Mẫu", "Tham số", "Mã theo dõi", "Mã tin", "Biên nhận"
        )  # fmt: skip
        header = "".join(f'<th scope="col">{name}</th>' for name in columns)
        rows = "".join(_row(sent) for sent in messages)
        return (
            head
            + "<table>\n<caption>Tin ZNS đã nhận, mới nhất trước</caption>\n"
            + f"<thead><tr>{header}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
            + "</main>\n</body>\n</html>\n"
        )


def _row(sent: SentZns) -> str:
    e = html.escape
    when = sent.sent_at.astimezone(_VIETNAM).strftime("%d/%m/%Y %H:%M:%S")
    params = "".join(f"<li>{e(str(k))}: {e(str(v))}</li>" for k, v in sent.template_data.items())
    cells = (
        f'<th scope="row">{e(when)}</th>',
        f"<td>{e(sent.phone)}</td>",
        f"<td>{e(sent.template_id)}</td>",
        f"<td><ul>{params}</ul></td>" if params else "<td></td>",
        f"<td>{e(sent.tracking_id)}</td>",
        f"<td><code>{e(sent.msg_id)}</code></td>",
        f"<td>{e(sent.receipt) or 'chưa gửi'}</td>",
    )
    return f"<tr>{''.join(cells)}</tr>\n"


def _refusal(code: int) -> dict[str, Any]:
    return {"error": code, "message": _REASONS[code]}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Room for a burst of senders (the default backlog of 5 drops connections, and a client
    # whose connection is dropped waits a second before it tries again).
    request_queue_size = 64
    zns: LocalZns


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout tests)

    def do_POST(self) -> None:
        from notifications.channels.zalo import SEND_PATH

        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != SEND_PATH:
            self._send(404, b"Not found", "text/plain; charset=utf-8")
            return
        status, answer = self.server.zns.answer(self.headers.get("access_token", ""), body)
        if answer is None:
            self._send(status, "Lỗi máy chủ (giả lập)".encode(), "text/plain; charset=utf-8")
        else:
            data = json.dumps(answer, ensure_ascii=False).encode()
            self._send(status, data, "application/json; charset=utf-8")

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != "/":
            self._send(404, "Không có trang này.".encode(), "text/plain; charset=utf-8")
            return
        self._send(200, self.server.zns.page().encode(), "text/html; charset=utf-8")

    def log_message(self, *args: Any) -> None:
        pass


def start_local_zns(test: unittest.TestCase, **options: Any) -> LocalZns:
    """A stand-in for one test, with the MOTCUA_ZNS_* settings pointing the channel at it (a
    two-second timeout); stopped when the test ends."""
    from django.test import override_settings

    zns = LocalZns(**options).start()
    test.addCleanup(zns.stop)
    overridden = override_settings(
        MOTCUA_ZNS_URL=zns.url,
        MOTCUA_ZNS_ACCESS_TOKEN=zns.access_token,
        MOTCUA_ZNS_APP_ID=zns.app_id,
        MOTCUA_ZNS_SECRET=zns.secret,
        MOTCUA_ZNS_TIMEOUT_SECONDS=2,
    )
    overridden.enable()
    test.addCleanup(overridden.disable)
    return zns


def build(argv: Sequence[str] | None = None) -> LocalZns:
    """The stand-in as the command line describes it (not started)."""
    from django.conf import settings

    parser = argparse.ArgumentParser(
        prog="python -m notifications.local.zalo_zns",
        description="Zalo ZNS thử nghiệm trên 127.0.0.1 (chỉ dùng khi phát triển).",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--access-token", default=settings.MOTCUA_ZNS_ACCESS_TOKEN or DEFAULT_TOKEN)
    parser.add_argument("--app-id", default=settings.MOTCUA_ZNS_APP_ID or DEFAULT_APP_ID)
    parser.add_argument("--secret", default=settings.MOTCUA_ZNS_SECRET or DEFAULT_SECRET)
    parser.add_argument("--webhook-url", default="", help="where the receipts are posted")
    parser.add_argument("--receipt-delay", type=float, default=1.0, help="seconds")
    parser.add_argument("--daily-quota", type=int, default=1000)
    parser.add_argument(
        "--template",
        action="append",
        default=[],
        metavar="ID=PARAM,PARAM",
        help="an approved template and its parameters (repeatable)",
    )
    parser.add_argument("--without-zalo", action="append", default=[], metavar="PHONE")
    parser.add_argument("--declining", action="append", default=[], metavar="PHONE")
    args = parser.parse_args(argv)
    zns = LocalZns(
        access_token=args.access_token,
        app_id=args.app_id,
        secret=args.secret,
        webhook_url=args.webhook_url,
        receipt_delay=args.receipt_delay,
        daily_quota=args.daily_quota,
        port=args.port,
    )
    for spec in args.template:
        template_id, _, params = spec.partition("=")
        zns.approve(template_id, [p.strip() for p in params.split(",") if p.strip()])
    for phone in args.without_zalo:
        zns.without_zalo(phone)
    for phone in args.declining:
        zns.declining(phone)
    return zns


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    zns = build(argv)
    with zns:
        print(f"Zalo ZNS thử nghiệm: {zns.url}/ (Ctrl-C để dừng)", flush=True)
        print(f"Cho ứng dụng: MOTCUA_ZNS_URL={zns.url}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
