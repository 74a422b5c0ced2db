"""A local SMS brandname gateway that speaks the protocol of ``notifications.channels.sms``.

It takes messages on ``POST /v1/messages`` as a real gateway does (Bearer key, JSON or form
body, a Vietnamese mobile number as ``84xxxxxxxxx``, a registered brandname, the ``unicode``
flag that the text needs), counts their segments with ``sms_text`` and keeps them, then posts a
signed delivery receipt to the message's ``callback_url`` from a thread of its own. Its inbox,
``GET /`` (a page in Vietnamese that reloads itself), shows what a citizen's telephone would
have shown: that is where a newcomer running ``make run`` reads a login code.
``GET /v1/messages`` gives the same as JSON.

Tests script it: ``fail_next`` (the next sends get an HTTP error), ``refuse`` (a number refused
at send), ``outcome_for`` (the receipt a number gets), ``post_receipt`` (a receipt posted by
hand, again if need be), ``manual_receipts`` (none posted by itself). A number ending in 0000
is refused as ``invalid_number`` unless told otherwise.

It listens on 127.0.0.1 only and shows every text it got: a tool for a developer's machine.
On its own: ``python -m notifications.local.sms_gateway --port 8025 --api-key K
--callback-secret S`` (key and secret default to MOTCUA_SMS_API_KEY and
MOTCUA_SMS_CALLBACK_SECRET), then ``MOTCUA_SMS_URL=http://127.0.0.1:8025``.
"""

from __future__ import annotations

import argparse
import hmac
import html
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self, cast
from zoneinfo import ZoneInfo

from notifications import sms_text

SEND_PATH = "/v1/messages"
# The numbers the gateway takes: 84 and a mobile number's nine digits.
_WIRE_NUMBER = re.compile(r"84[35789][0-9]{8}")
# A brandname as carriers register them: at most 11 letters, digits and a few signs.
_BRANDNAME = re.compile(r"[A-Za-z0-9 ._-]{1,11}")
# Numbers ending so are refused at send as no such number (a number to try the refusal with).
INVALID_SUFFIX = "0000"
MAX_BODY = 64 * 1024
# Messages kept (the oldest forgotten first): the inbox of a long `make run` stays readable.
MAX_KEPT = 500
RECEIPT_TIMEOUT_SECONDS = 5
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class SmsRecord:
    """One message the gateway took, and its receipt once posted."""

    to: str
    brandname: str
    text: str
    unicode: bool
    segments: int
    ref: str
    message_id: str
    received_at: datetime
    callback_url: str = ""
    # How the request was encoded: "json" or "form".
    format: str = "json"
    # "" until a receipt is posted, then "delivered" or "failed" (with its error).
    receipt_status: str = ""
    receipt_error: str = ""
    # What the callback answered: its HTTP status, or why it could not be reached.
    receipt_answer: str = ""


class _Refused(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


def _wire(number: str) -> str:
    """A number as the gateway sees it (84…), from any way of writing it."""
    # The channel package loads the outbox's models, which need Django set up: imported at use
    # (main() sets Django up when the gateway runs on its own).
    from notifications.channels.sms import normalise_phone

    return normalise_phone(number)


def _segments(text: str, unicode: bool) -> int:
    counted = sms_text.count(text)
    if not unicode or counted.encoding == sms_text.UCS2:
        return counted.segments
    # Plain text sent as UCS-2 on request: one UTF-16 unit a character (GSM-7 is all in the BMP).
    units = len(text)
    if units <= sms_text.SINGLE[sms_text.UCS2]:
        return 1
    return -(-units // sms_text.SEGMENT[sms_text.UCS2])


class LocalSmsGateway:
    """The gateway, served from a daemon thread: ``with LocalSmsGateway(api_key=…) as gw:``
    or ``start()`` / ``stop()``; ``url`` is its base URL (MOTCUA_SMS_URL).

    ``api_key`` "" takes requests without a key. ``receipt_delay`` is how long it waits before
    posting a receipt; with ``manual_receipts`` it posts none but by ``post_receipt``. Only
    ``brandnames`` are taken when given (otherwise any well-formed one). ``echo`` prints each
    message as it arrives (the command line's mode)."""

    def __init__(
        self,
        *,
        api_key: str = "",
        callback_secret: str = "",
        port: int = 0,
        receipt_delay: float = 0.0,
        manual_receipts: bool = False,
        brandnames: Sequence[str] | None = None,
        echo: bool = False,
    ) -> None:
        self.api_key = api_key
        self.callback_secret = callback_secret
        self.port = port
        self.receipt_delay = receipt_delay
        self.manual_receipts = manual_receipts
        self.brandnames = frozenset(brandnames) if brandnames is not None else None
        self.echo = echo
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []
        self.reset()

    # Running -----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the SMS gateway is not running")
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> Self:
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.gateway = self
        # A short poll: stop() waits for the loop to notice, and tests stop a gateway often.
        thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            threads, self._threads = self._threads, []
        for thread in threads:
            thread.join(RECEIPT_TIMEOUT_SECONDS)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # Scripting ---------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget the messages and everything scripted (between two tests)."""
        with self._lock:
            self._records: dict[str, SmsRecord] = {}
            self._failures: list[tuple[int, bytes | None]] = []
            self._refusals: dict[str, tuple[int, str]] = {}
            self._outcomes: dict[str, tuple[str, str]] = {}
            # Send requests received, taken or not (a test checks that nothing was called).
            self.calls = 0

    def fail_next(self, n: int = 1, status: int = 503, *, body: bytes | None = None) -> None:
        """The next ``n`` sends get ``status`` (with ``body``, else a JSON error) and are lost."""
        with self._lock:
            self._failures.extend([(status, body)] * n)

    def refuse(self, number: str, error: str = "blocked", status: int = 400) -> None:
        """Sends to ``number`` are refused with ``status`` and ``{"error": error}``."""
        with self._lock:
            self._refusals[_wire(number)] = (status, error)

    def outcome_for(self, number: str, status: str = "failed", error: str = "phone_off") -> None:
        """The receipt that messages to ``number`` get (by default: delivered)."""
        with self._lock:
            self._outcomes[_wire(number)] = (status, error)

    def wait_for_receipts(self) -> None:
        """Return once the receipts due so far have been posted (or given up)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(RECEIPT_TIMEOUT_SECONDS + self.receipt_delay)

    def messages(self) -> list[SmsRecord]:
        """The messages taken, oldest first."""
        with self._lock:
            return list(self._records.values())

    def post_receipt(self, message_id: str, status: str = "delivered", error: str = "") -> int:
        """Post (or post again) the receipt of ``message_id`` to its callback URL, signed; the
        HTTP status the callback answered (0 when it could not be reached)."""
        from notifications.channels.sms import sign_receipt  # after Django's set-up: _wire

        with self._lock:
            record = self._records[message_id]
        if not record.callback_url:
            raise ValueError(f"message {message_id} has no callback_url")
        body = json.dumps(
            {
                "message_id": message_id,
                "ref": record.ref,
                "status": status,
                "error": error,
                "done_at": datetime.now(UTC).isoformat(),
            },
            ensure_ascii=False,
        ).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310 - http(s) checked when the message came
            record.callback_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Timestamp": timestamp,
                "X-Signature": sign_receipt(self.callback_secret, timestamp, body),
            },
        )
        code, answer = 0, ""
        try:
            with urllib.request.urlopen(request, timeout=RECEIPT_TIMEOUT_SECONDS) as response:  # noqa: S310
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
        except (urllib.error.URLError, OSError) as exc:
            answer = str(getattr(exc, "reason", exc))
        with self._lock:
            if message_id in self._records:
                self._records[message_id] = replace(
                    self._records[message_id],
                    receipt_status=status,
                    receipt_error=error,
                    receipt_answer=str(code) if code else answer,
                )
        return code

    # Serving -----------------------------------------------------------------------------------

    def take(self, headers: Mapping[str, str], body: bytes) -> tuple[int, bytes]:
        """The answer to a send request: status and JSON body."""
        with self._lock:
            self.calls += 1
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            status, data = failure
            if data is None:
                data = _json({"error": "unavailable", "message": f"simulated HTTP {status}"})
            return status, data
        expected = f"Bearer {self.api_key}"
        if self.api_key and not hmac.compare_digest(
            headers.get("Authorization", "").encode(), expected.encode()
        ):
            return 401, _json({"error": "unauthorized", "message": "wrong or missing API key"})
        try:
            record = self._record(headers, body)
        except _Refused as refused:
            return refused.status, _json({"error": refused.error, "message": refused.message})
        with self._lock:
            self._records[record.message_id] = record
            if len(self._records) > MAX_KEPT:
                del self._records[next(iter(self._records))]
            outcome = self._outcomes.get(record.to, ("delivered", ""))
        if self.echo:
            _print_message(record)
        if record.callback_url and not self.manual_receipts:
            self._later(record.message_id, *outcome)
        return 202, _json({"message_id": record.message_id, "segments": record.segments})

    def _record(self, headers: Mapping[str, str], body: bytes) -> SmsRecord:
        encoding, fields = _fields(headers.get("Content-Type", ""), body)
        brandname, to, text = (_string(fields, name) for name in ("brandname", "to", "text"))
        ref, callback_url = _string(fields, "ref", ""), _string(fields, "callback_url", "")
        unicode = _flag(fields.get("unicode", 0))
        _check(brandname, to, text, unicode, callback_url)
        if self.brandnames is not None and brandname not in self.brandnames:
            raise _Refused(422, "invalid_brandname", f"brandname {brandname!r} not registered")
        with self._lock:
            refusal = self._refusals.get(to)
            scripted = refusal is not None or to in self._outcomes
        if not scripted and to.endswith(INVALID_SUFFIX):
            refusal = (400, "invalid_number")
        if refusal is not None:
            raise _Refused(refusal[0], refusal[1], "refused for this number")
        return SmsRecord(
            to=to, brandname=brandname, text=text, unicode=unicode,
            segments=_segments(text, unicode), ref=ref, message_id=uuid.uuid4().hex,
            received_at=datetime.now(UTC), callback_url=callback_url, format=encoding,
        )  # fmt: skip

    def _later(self, message_id: str, status: str, error: str) -> None:
        def post() -> None:
            if self._stopping.wait(self.receipt_delay):
                return
            self.post_receipt(message_id, status, error)

        thread = threading.Thread(target=post, daemon=True)
        with self._lock:
            self._threads = [alive for alive in self._threads if alive.is_alive()] + [thread]
        thread.start()

    def listing(self) -> bytes:
        return _json(
            [{**asdict(r), "received_at": r.received_at.isoformat()} for r in self.messages()]
        )

    def inbox(self) -> bytes:
        return _inbox_page(list(reversed(self.messages()))).encode()


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _fields(content_type: str, body: bytes) -> tuple[str, dict[str, Any]]:
    """The request's encoding ("json" or "form") and its fields."""
    kind = content_type.partition(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
        if kind == "application/json":
            fields = json.loads(text)
            if isinstance(fields, dict):
                return "json", fields
        elif kind == "application/x-www-form-urlencoded":
            pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))
            if len({name for name, _ in pairs}) == len(pairs):
                return "form", dict(pairs)
    except ValueError:
        pass
    raise _Refused(400, "bad_request", "a JSON object or a form, in UTF-8, once each field")


def _string(fields: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = fields.get(name, default)
    if not isinstance(value, str):
        raise _Refused(400, "bad_request", f"{name} is missing or not a string")
    return value


def _flag(value: object) -> bool:
    if value in (0, 1, "0", "1") and not isinstance(value, bool):
        return value in (1, "1")
    raise _Refused(400, "bad_request", "unicode is 0 or 1")


def _check(brandname: str, to: str, text: str, unicode: bool, callback_url: str) -> None:
    """Refuse what a real gateway refuses: no text, a brandname that cannot be one, a number
    not in its form, a callback that is not a web address, Vietnamese sent as GSM-7."""
    if not text:
        raise _Refused(400, "bad_request", "text is empty")
    if not _BRANDNAME.fullmatch(brandname):
        raise _Refused(422, "invalid_brandname", f"brandname {brandname!r} cannot be registered")
    if not _WIRE_NUMBER.fullmatch(to):
        raise _Refused(400, "invalid_number", "to is 84 and a mobile number's nine digits")
    if callback_url and urllib.parse.urlsplit(callback_url).scheme not in ("http", "https"):
        raise _Refused(400, "bad_request", "callback_url is an http(s) URL")
    if not unicode and sms_text.encoding_of(text) == sms_text.UCS2:
        raise _Refused(422, "unicode_required", "the text needs unicode=1 (UCS-2)")


def _local(number: str) -> str:
    return "0" + number.removeprefix("84")


def _print_message(record: SmsRecord) -> None:
    at = record.received_at.astimezone(VIETNAM).strftime("%H:%M:%S")
    print(f"[{at}] SMS {record.brandname} → {_local(record.to)}: {record.text}", flush=True)


def _receipt_label(record: SmsRecord) -> str:
    if not record.callback_url:
        return "Không yêu cầu báo nhận"
    if not record.receipt_status:
        return "Đang chờ"
    if record.receipt_status == "delivered":
        label = "Đã đến máy"
    else:
        label = f"Không đến được ({record.receipt_error or record.receipt_status})"
    answer = record.receipt_answer
    if not answer.isdigit():
        label += f"; chưa gửi được báo nhận ({answer})"
    elif not answer.startswith("2"):
        label += f"; báo nhận bị từ chối (HTTP {answer})"
    return label


def _inbox_page(records: list[SmsRecord]) -> str:
    rows = "".join(
        "<tr>"
        f'<th scope="row">{record.received_at.astimezone(VIETNAM):%d/%m/%Y %H:%M:%S}</th>'
        f"<td>{html.escape(_local(record.to))}</td>"
        f"<td>{html.escape(record.brandname)}</td>"
        f'<td class="text">{html.escape(record.text)}</td>'
        f"<td>{record.segments} ({'có dấu, UCS-2' if record.unicode else 'GSM-7'})</td>"
        f"<td>{html.escape(_receipt_label(record))}</td>"
        "</tr>"
        for record in records
    )
    if not rows:
        rows = '<tr><td colspan="6">Chưa có tin nhắn nào.</td></tr>'
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>Hộp thư SMS thử nghiệm</title>
<style>
body {{ font-family: sans-serif; margin: 1rem; color: #0b0c0c; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #b1b4b6; padding: 0.4rem; text-align: left; vertical-align: top; }}
td.text {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>Hộp thư SMS thử nghiệm</h1>
<p>Tin nhắn MotCua gửi qua cổng SMS thử nghiệm dừng ở đây, không đến điện thoại thật: mã đăng
nhập cũng ở đây. Trang tự tải lại sau mỗi 5 giây. Dữ liệu dạng JSON:
<a href="{SEND_PATH}">{SEND_PATH}</a>.</p>
<table>
<caption>Tin nhắn đã nhận, mới nhất trước ({len(records)})</caption>
<thead>
<tr><th scope="col">Thời gian</th><th scope="col">Số nhận</th>
<th scope="col">Tên định danh</th><th scope="col">Nội dung</th>
<th scope="col">Số tin</th><th scope="col">Báo nhận</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    gateway: LocalSmsGateway


class _Handler(BaseHTTPRequestHandler):
    server_version = "MotCuaLocalSms/1"

    def do_GET(self) -> None:
        gateway = cast(_Server, self.server).gateway
        path = urllib.parse.urlsplit(self.path).path
        if path == "/":
            self._send(200, gateway.inbox(), "text/html; charset=utf-8")
        elif path == SEND_PATH:
            self._send(200, gateway.listing(), "application/json")
        else:
            self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:
        gateway = cast(_Server, self.server).gateway
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, _json({"error": "too_large", "message": "body too large"}))
            return
        body = self.rfile.read(length)
        if urllib.parse.urlsplit(self.path).path != SEND_PATH:
            self._send(404, b"not found", "text/plain")
            return
        status, data = gateway.take(dict(self.headers.items()), body)
        self._send(status, data)

    def _send(self, status: int, data: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m notifications.local.sms_gateway",
        description="A local SMS gateway: messages stop in its inbox page instead of telephones.",
    )
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--api-key", help="the Bearer key (default: MOTCUA_SMS_API_KEY)")
    parser.add_argument(
        "--callback-secret", help="signs the receipts (default: MOTCUA_SMS_CALLBACK_SECRET)"
    )
    parser.add_argument("--receipt-delay", type=float, default=1.0, help="seconds (default 1)")
    parser.add_argument("--manual-receipts", action="store_true", help="post no receipts")
    args = parser.parse_args(argv)

    import django  # the channel's helpers need the settings and the apps (see _wire)
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    gateway = LocalSmsGateway(
        api_key=settings.MOTCUA_SMS_API_KEY if args.api_key is None else args.api_key,
        callback_secret=(
            settings.MOTCUA_SMS_CALLBACK_SECRET
            if args.callback_secret is None
            else args.callback_secret
        ),
        port=args.port,
        receipt_delay=args.receipt_delay,
        manual_receipts=args.manual_receipts,
        echo=True,
    )
    with gateway:
        try:
            print(f"Hộp thư SMS thử nghiệm: {gateway.url}/", flush=True)
            print(f"MOTCUA_SMS_URL={gateway.url} — Ctrl-C để dừng", flush=True)
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
