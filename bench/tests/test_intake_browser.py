"""The intake client under overload: a 503 is timed and the same request sent again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.intake import Browser


class _BusyTwice(BaseHTTPRequestHandler):
    """Answers 503 (Retry-After: 0) to the first two requests, then 200 with what it was sent."""

    seen: list[str] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.seen.append(body)
        busy = len(self.seen) <= 2
        payload = b"busy" if busy else body.encode()
        self.send_response(503 if busy else 200)
        if busy:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def busy_twice() -> Iterator[tuple[int, list[str]]]:
    seen: list[str] = []
    handler = type("Handler", (_BusyTwice,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_busy_answer_is_timed_and_the_request_sent_again() -> None:
    with busy_twice() as (port, seen):
        browser = Browser(port, "sessionid=s", "10.0.0.1")
        browser.shed = []
        status, _location, text = browser.request("POST", "/nop/", {"a": "1"})
    assert (status, text) == (200, "a=1")
    assert seen == ["a=1", "a=1", "a=1"]
    assert len(browser.shed) == 2
    assert [page for page, _s in browser.latencies] == ["POST /nop/"]


def test_without_retrying_a_busy_answer_is_returned() -> None:
    with busy_twice() as (port, seen):
        browser = Browser(port, "sessionid=s", "10.0.0.1")
        status, _location, text = browser.request("POST", "/nop/", {"a": "1"})
    assert (status, text, seen) == (503, "busy", ["a=1"])
