"""Overload end to end: a real granian server (scripts/serve.sh web) sheds a burst of uploads.

One server process with a write budget of 2. A burst of 8 concurrent POSTs whose bodies are
still arriving (uploads in progress) is sent to the signature-check API, a write-class URL:
two take the budget, and the six others must be answered 503 with Retry-After and the code
``server_busy`` while the two are still in flight; a public lookup still answers 200. Bounded:
8 connections, 127.0.0.1 only; nothing about durations is asserted.
"""

from __future__ import annotations

import http.client
import select
import socket
import tempfile
import time
from pathlib import Path

from django.test import SimpleTestCase

from core.tests.serving import (
    START_SECONDS,
    Process,
    admission_counts,
    free_port,
    get,
    healthy,
    production_env,
)

BURST = 8
WRITE_BUDGET = 2
UPLOAD = (
    b"POST /api/v1/kiem-tra-chu-ky HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/pdf\r\nContent-Length: 1000000\r\n\r\n%PDF-1.7\n"
)


class OverloadTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.port = free_port()
        env = production_env(
            self.tmp,
            self.port,
            MOTCUA_ADMIT_WRITE=str(WRITE_BUDGET),
            MOTCUA_CACHE="local",
            LOG_LEVEL="WARNING",
        )
        self.server = Process(["scripts/serve.sh", "web"], env, self.tmp / "web.log")
        self.addCleanup(self.server.kill_leftovers)
        self.server.wait_for(lambda: healthy(self.port), "granian")

    def test_a_burst_beyond_the_write_budget_is_shed_while_the_lookup_answers(self) -> None:
        uploads = [socket.create_connection(("127.0.0.1", self.port), 30) for _ in range(BURST)]
        for upload in uploads:
            self.addCleanup(upload.close)
        for upload in uploads:
            upload.sendall(UPLOAD)

        # Every request of the burst has reached the controller: two admitted, six refused.
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            counts = admission_counts(self.port, "write")
            if counts["admitted"] + counts["refused"] >= BURST:
                break
            time.sleep(0.1)
        self.assertEqual(
            (counts["in_flight"], counts["admitted"], counts["refused"]),
            (WRITE_BUDGET, WRITE_BUDGET, BURST - WRITE_BUDGET),
        )

        # The refused ones have their answer; the admitted ones are still reading their upload.
        answered: list[bytes] = []
        pending = list(uploads)
        while len(answered) < BURST - WRITE_BUDGET:
            ready, _, _ = select.select(pending, [], [], START_SECONDS)
            self.assertTrue(ready, "a refused upload got no answer")
            for upload in ready:
                answered.append(upload.recv(65536))
                pending.remove(upload)
        for head in answered:
            self.assertTrue(head.startswith(b"HTTP/1.1 503 "), head[:200])
            self.assertIn(b"\r\nretry-after: 2\r\n", head.lower())
            self.assertIn(b"\r\nx-motcua-error: server_busy\r\n", head.lower())
            self.assertIn(b'"code": "server_busy"', head)  # the API is answered in JSON
        self.assertEqual(len(pending), WRITE_BUDGET)
        self.assertEqual(select.select(pending, [], [], 0)[0], [])

        # The public lookup keeps its own budget.
        status, _headers, body = get(self.port, "/tra-cuu/")
        self.assertEqual(status, 200, body[:500])

        # The uploads given up, the budget comes back and a new write is admitted.
        for upload in pending:
            upload.close()
        while admission_counts(self.port, "write")["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(admission_counts(self.port, "write")["in_flight"], 0)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("POST", "/", body=b"a=1", headers={"Host": "127.0.0.1"})
        self.assertEqual(connection.getresponse().status, 403)  # by CSRF, not by admission
        connection.close()

        self.assertEqual(self.server.terminate(), 0, self.server.output()[-3000:])
        self.assertFalse(self.server.leftovers())
        self.assertIn("admission: refused", self.server.output())
