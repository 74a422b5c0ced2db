"""A real SMTP server on 127.0.0.1 that keeps what it receives, with an inbox page to read it.

For tests, it is the other end of the e-mail channel (``notifications.channels.email``): the
channel talks SMTP to it exactly as to a provider's relay, and the test reads back what arrived,
headers decoded the way a mail client would. It can be told to refuse a recipient (550) or to
answer the next messages with a temporary failure (451), so that both kinds of refusal are met
for real. For ``make run``, it lets a newcomer read the e-mails a citizen would get, in a
browser, without any of them leaving the machine::

    python -m notifications.local.mailbox --smtp-port 8026 --web-port 8027

It needs no Django settings: the inbox page's text is plain Vietnamese, not translated.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import html
import signal
import socket
import threading
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any, Self
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

HOST = "127.0.0.1"
# Times on the inbox page are shown as the applicant would read them.
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
REFRESH_SECONDS = 5


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the server took it: the envelope, and the content decoded."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    subject: str
    text: str
    html: str
    # Every header in order, its value decoded (RFC 2047 words turned back into text).
    headers: tuple[tuple[str, str], ...]
    received_at: datetime
    # The message exactly as it came over the wire, for checks on its encoding.
    raw: bytes = field(repr=False)

    def header(self, name: str) -> str | None:
        """The first header of that name (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def parse_mail(mail_from: str, rcpt_tos: Sequence[str], raw: bytes) -> ReceivedMail:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)  # noqa: S101 - policy.default builds these
    return ReceivedMail(
        mail_from=mail_from,
        rcpt_tos=tuple(rcpt_tos),
        subject=str(parsed.get("Subject", "")),
        text=_part(parsed, "plain"),
        html=_part(parsed, "html"),
        headers=tuple((key, str(value)) for key, value in parsed.items()),
        received_at=datetime.now(UTC),
        raw=raw,
    )


def _part(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    content = part.get_content()
    # The wire's CRLF line ends, as a mail client shows them: plain line breaks.
    return content.replace("\r\n", "\n") if isinstance(content, str) else ""


class _Handler:
    """aiosmtpd's hooks; they run on the server's event-loop thread, hence the lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[ReceivedMail] = []
        self.refused: set[str] = set()
        self.failures_left = 0
        self.failure_code = 451

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        with self.lock:
            if address.lower() in self.refused:
                # Quoting the address back, as Postfix does.
                return f"550 5.1.1 <{address}>: Recipient address rejected: no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                code = self.failure_code
                kind = "4.3.0 Try again later" if code < 500 else "5.7.1 Message rejected"
                return f"{code} {kind}"
        raw = envelope.original_content or b""
        mail = parse_mail(envelope.mail_from or "", envelope.rcpt_tos, raw)
        with self.lock:
            self.received.append(mail)
        return "250 OK: message accepted"


class _Controller(Controller):
    """aiosmtpd's controller on a socket we bound ourselves.

    Given port 0, the stock controller would listen on a free port but then connect to port 0
    to check that it is up; binding first tells us the port before it starts, without the race
    of asking for a free port and binding it later."""

    def __init__(self, handler: _Handler, sock: socket.socket) -> None:
        host, port = sock.getsockname()[:2]
        # A fixed name: the default, socket.getfqdn(), can wait seconds on a resolver.
        super().__init__(handler, hostname=host, port=port, server_hostname="localhost")
        self._sock = sock

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self.loop.create_server(self._factory_invoker, sock=self._sock)


class LocalMailbox:
    """``with LocalMailbox() as mailbox:`` then send to ``mailbox.host``:``mailbox.smtp_port``;
    ``mailbox.messages`` holds what arrived, oldest first; ``mailbox.web_url`` shows them."""

    host = HOST

    def __init__(self, smtp_port: int = 0, web_port: int = 0) -> None:
        self._smtp_port = smtp_port
        self._web_port = web_port
        self._handler = _Handler()
        self._controller: _Controller | None = None
        self._web: _InboxServer | None = None
        self._web_thread: threading.Thread | None = None

    @property
    def smtp_port(self) -> int:
        if self._controller is None:
            raise RuntimeError("the mailbox is not started")
        return int(self._controller.port)

    @property
    def web_url(self) -> str:
        if self._web is None:
            raise RuntimeError("the mailbox is not started")
        return f"http://{HOST}:{self._web.server_address[1]}/"

    def start(self) -> None:
        sock = socket.create_server((HOST, self._smtp_port))
        controller = _Controller(self._handler, sock)
        try:
            controller.start()
        except BaseException:
            sock.close()
            raise
        self._controller = controller
        try:
            self._web = _InboxServer((HOST, self._web_port), _InboxPage)
        except BaseException:
            self.stop()
            raise
        self._web.mailbox = self
        self._web_thread = threading.Thread(
            target=self._web.serve_forever, name="mailbox-web", daemon=True
        )
        self._web_thread.start()

    def stop(self) -> None:
        if self._web is not None:
            self._web.shutdown()
            self._web.server_close()
            self._web = None
        if self._web_thread is not None:
            self._web_thread.join()
            self._web_thread = None
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def messages(self) -> tuple[ReceivedMail, ...]:
        with self._handler.lock:
            return tuple(self._handler.received)

    def refuse(self, address: str) -> None:
        """Answer RCPT TO for this address (any case) with 550: no such mailbox."""
        with self._handler.lock:
            self._handler.refused.add(address.lower())

    def fail_next(self, count: int, code: int = 451) -> None:
        """Answer the next ``count`` messages' DATA with ``code`` (451: try again later)."""
        with self._handler.lock:
            self._handler.failures_left = count
            self._handler.failure_code = code

    def clear(self) -> None:
        """Forget the messages, the refused addresses and the failures to come."""
        with self._handler.lock:
            self._handler.received.clear()
            self._handler.refused.clear()
            self._handler.failures_left = 0


# The inbox page ---------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{refresh}<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; line-height: 1.4; color: #1b1b1b; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #c6c6c6; padding: .4rem .6rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f0f0f0; }}
pre {{ white-space: pre-wrap; margin: 0; font-family: inherit; }}
iframe {{ width: 100%; height: 32rem; border: 1px solid #c6c6c6; }}
</style>
</head>
<body>
<main>
{content}
</main>
</body>
</html>
"""

# What the pages allow: their own inline style, and nothing fetched (an e-mail's HTML part, in
# its sandboxed frame, inherits this too: no remote images or scripts from a message).
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _time(mail: ReceivedMail) -> str:
    local = mail.received_at.astimezone(LOCAL_TIME)
    return f'<time datetime="{_e(local.isoformat())}">{local:%d/%m/%Y %H:%M:%S}</time>'


def _to(mail: ReceivedMail) -> str:
    return ", ".join(mail.rcpt_tos)


def inbox_page(messages: Sequence[ReceivedMail], smtp_address: str) -> str:
    """The list, newest first; each subject links to its message, numbered from 1 in arrival."""
    rows = []
    for number, mail in reversed(list(enumerate(messages, start=1))):
        rows.append(
            "<tr>"
            f"<td>{_time(mail)}</td>"
            f"<td>{_e(_to(mail))}</td>"
            f'<td><a href="/{number}">{_e(mail.subject or "(không có tiêu đề)")}</a></td>'
            f"<td><pre>{_e(mail.text)}</pre></td>"
            "</tr>"
        )
    if rows:
        table = (
            "<table>\n<caption>"
            f"{len(rows)} thư, mới nhất ở trên</caption>\n<thead><tr>"
            '<th scope="col">Thời gian</th><th scope="col">Người nhận</th>'
            '<th scope="col">Tiêu đề</th><th scope="col">Nội dung</th>'
            "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
        )
    else:
        table = "<p>Chưa có thư nào.</p>"
    content = (
        "<h1>Hộp thư điện tử thử nghiệm</h1>\n"
        f"<p>Thư gửi tới máy chủ SMTP thử nghiệm {_e(smtp_address)}; không thư nào ra khỏi máy "
        f"này. Trang tự tải lại sau {REFRESH_SECONDS} giây.</p>\n" + table
    )
    refresh = f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}">\n'
    return _PAGE.format(refresh=refresh, title="Hộp thư điện tử thử nghiệm", content=content)


def message_page(mail: ReceivedMail, number: int) -> str:
    """One message: its envelope and headers, its text, and its HTML part in a sandboxed frame
    (``sandbox`` with no permission: no script, no form, no access to this page)."""
    facts = [
        ("Thời gian", _time(mail)),
        ("Người gửi", _e(mail.header("From") or mail.mail_from)),
        ("Người nhận", _e(_to(mail))),
        ("Tiêu đề", _e(mail.subject)),
        ("Mã tham chiếu", _e(mail.header("X-MotCua-Reference") or "")),
        ("Message-ID", _e(mail.header("Message-ID") or "")),
    ]
    listed = "\n".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts if value)
    html_part = (
        "<h2>Phần HTML</h2>\n"
        f'<iframe sandbox="" title="Phần HTML của thư" srcdoc="{_e(mail.html)}"></iframe>'
        if mail.html
        else "<p>Thư không có phần HTML.</p>"
    )
    content = (
        '<p><a href="/">← Hộp thư</a></p>\n'
        f"<h1>Thư số {number}: {_e(mail.subject)}</h1>\n"
        f"<dl>\n{listed}\n</dl>\n"
        f"<h2>Phần văn bản</h2>\n<pre>{_e(mail.text)}</pre>\n{html_part}"
    )
    return _PAGE.format(refresh="", title=f"Thư số {number}", content=content)


def _not_found() -> str:
    content = '<h1>Không có thư này</h1>\n<p><a href="/">← Hộp thư</a></p>'
    return _PAGE.format(refresh="", title="Không có thư này", content=content)


class _InboxServer(ThreadingHTTPServer):
    mailbox: LocalMailbox


class _InboxPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        assert isinstance(self.server, _InboxServer)  # noqa: S101 - only served by _InboxServer
        mailbox = self.server.mailbox
        messages = mailbox.messages
        path = self.path.split("?", 1)[0].strip("/")
        if not path:
            self._send(200, inbox_page(messages, f"{mailbox.host}:{mailbox.smtp_port}"))
        elif path.isdecimal() and path.isascii() and 1 <= int(path) <= len(messages):
            self._send(200, message_page(messages[int(path) - 1], int(path)))
        else:
            self._send(404, _not_found())

    def _send(self, status: int, page: str) -> None:
        body = page.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", _POLICY)
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m notifications.local.mailbox",
        description="Máy chủ SMTP thử nghiệm trên 127.0.0.1, với trang hộp thư để đọc thư.",
    )
    parser.add_argument("--smtp-port", type=int, default=8026)
    parser.add_argument("--web-port", type=int, default=8027)
    args = parser.parse_args(argv)
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    # make run ends its children with SIGTERM: stop as cleanly as on Ctrl-C.
    signal.signal(signal.SIGTERM, stop)
    with LocalMailbox(smtp_port=args.smtp_port, web_port=args.web_port) as mailbox:
        print(
            f"Máy chủ SMTP thử nghiệm: {mailbox.host}:{mailbox.smtp_port} "
            f"(EMAIL_HOST={mailbox.host} EMAIL_PORT={mailbox.smtp_port})",
            flush=True,
        )
        print(f"Hộp thư: {mailbox.web_url}  (Ctrl-C để dừng)", flush=True)
        try:
            stopped.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
