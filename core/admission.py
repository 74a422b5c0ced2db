"""Admission control in the WSGI layer: shed load with a quick 503 instead of freezing.

Every request is put in a traffic class (public lookup, other reads, writes, officer pages,
static files, the health check) and each class has a bounded number of requests in flight per
server process. A request that finds its class full is not queued: it gets ``503`` with
``Retry-After`` and a small bilingual body (HTML, or JSON for ``/api/`` and JSON clients) with
the stable code ``server_busy``, at once. So a burst of intake cannot take the threads, the
database connections and the CPU that the public lookup and the officers need, and a client
over the limit learns so in milliseconds rather than waiting on a queue no one can see.

The budget of a request is held until its response has been sent (the WSGI iterable closed),
and given back whatever happens, exceptions included. The server must run more threads than
the sum of the budgets (``python -m core.admission threads`` gives the figure that
``scripts/serve.sh`` uses), so that a request over the limit always reaches this controller.

Counters (admitted, refused, in flight, the most in flight) are kept per class and process;
refusals are logged at most once per ``LOG_EVERY_SECONDS`` per class with the counts since the
last line, and ``/healthz`` shows them.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

logger = logging.getLogger("motcua.admission")

CODE = "server_busy"
LOG_EVERY_SECONDS = 10.0
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CLASSES = ("lookup", "read", "write", "officer", "static", "health")
# Budgets per class and process when settings give none: sized for a 2-core machine where a
# process can usefully run a few requests at once (the GIL, a few ms of database wait each).
DEFAULT_LIMITS: dict[str, int] = {
    "lookup": 16,
    "read": 6,
    "write": 4,
    "officer": 6,
    "static": 8,
    "health": 2,
}
# Threads beyond the budgets: they answer the refusals while every budget is in use.
SPARE_THREADS = 4

MESSAGE_VI = "Hệ thống đang quá tải, xin vui lòng thử lại sau ít phút."
MESSAGE_EN = "The service is busy. Please try again in a few moments."

StartResponse = Callable[..., Any]


class WSGIApp(Protocol):
    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]: ...


def classify(method: str, path: str, officer_prefixes: tuple[str, ...]) -> str:
    """The traffic class of a request, from its method and path alone (no database, no I/O)."""
    if path == "/healthz" or path == "/healthz/":
        return "health"
    if path.startswith("/static/") or path == "/favicon.ico":
        return "static"
    if path.startswith(officer_prefixes):
        return "officer"
    # The public status lookup (a form posted to /tra-cuu/) and the verification of an issued
    # document by its code: cheap reads of one row that must stay up while intake is flooded.
    if path == "/tra-cuu/" or (
        method in SAFE_METHODS and path.startswith(("/van-ban/", "/api/v1/van-ban/"))
    ):
        return "lookup"
    if method in SAFE_METHODS:
        return "read"
    return "write"


@dataclass
class Budget:
    """The requests of one class in flight in this process, and what happened to the others."""

    name: str
    limit: int
    in_flight: int = 0
    peak: int = 0
    admitted: int = 0
    refused: int = 0
    refused_since_log: int = 0
    last_log: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    freed: threading.Condition = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.freed = threading.Condition(self.lock)

    def try_acquire(self, wait_seconds: float) -> bool:
        with self.lock:
            if self.in_flight >= self.limit and wait_seconds > 0:
                deadline = time.monotonic() + wait_seconds
                while self.in_flight >= self.limit:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self.freed.wait(left):
                        break
            if self.in_flight >= self.limit:
                self.refused += 1
                self.refused_since_log += 1
                return False
            self.in_flight += 1
            self.admitted += 1
            self.peak = max(self.peak, self.in_flight)
            return True

    def release(self) -> None:
        with self.lock:
            self.in_flight -= 1
            self.freed.notify()

    def refusals_to_log(self, now: float) -> int:
        """How many refusals to report now (0: not yet time for a log line)."""
        with self.lock:
            if not self.refused_since_log or now - self.last_log < LOG_EVERY_SECONDS:
                return 0
            count, self.refused_since_log, self.last_log = self.refused_since_log, 0, now
            return count

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            return {
                "limit": self.limit,
                "in_flight": self.in_flight,
                "peak": self.peak,
                "admitted": self.admitted,
                "refused": self.refused,
            }


class _Released:
    """The response iterable, giving the budget back exactly once when the server closes it."""

    def __init__(self, body: Iterable[bytes], release: Callable[[], None]) -> None:
        self.body = body
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


def _busy_bodies() -> tuple[bytes, bytes]:
    html = (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Hệ thống đang quá tải — Service busy</title></head><body>"
        f"<h1>Hệ thống đang quá tải</h1><p>{MESSAGE_VI}</p>"
        f'<p lang="en">{MESSAGE_EN}</p>'
        f"<p><small>Mã lỗi / Error code: {CODE}</small></p></body></html>\n"
    )
    data = {"error": {"code": CODE, "message": MESSAGE_VI, "message_en": MESSAGE_EN}}
    return html.encode(), json.dumps(data, ensure_ascii=False).encode()


class AdmissionController:
    """A WSGI middleware bounding the requests in flight per traffic class (module docstring)."""

    def __init__(
        self,
        app: WSGIApp,
        limits: dict[str, int],
        *,
        retry_after: int = 2,
        wait_seconds: float = 0.0,
        officer_prefixes: tuple[str, ...] = ("/can-bo/", "/quan-tri/"),
    ) -> None:
        unknown = set(limits) - set(CLASSES)
        if unknown:
            raise ValueError(f"unknown traffic classes: {sorted(unknown)}")
        self.app = app
        self.budgets = {
            name: Budget(name, max(1, limits.get(name, DEFAULT_LIMITS[name]))) for name in CLASSES
        }
        self.retry_after = str(max(1, retry_after))
        self.wait_seconds = max(0.0, wait_seconds)
        self.officer_prefixes = officer_prefixes
        self.html_body, self.json_body = _busy_bodies()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO", "") or "/")
        budget = self.budgets[classify(method, path, self.officer_prefixes)]
        if not budget.try_acquire(self.wait_seconds):
            self._log_refusals(budget)
            return self._busy(environ, path, start_response)
        try:
            body = self.app(environ, start_response)
        except BaseException:
            budget.release()
            raise
        return _Released(body, budget.release)

    def _busy(
        self, environ: dict[str, Any], path: str, start_response: StartResponse
    ) -> list[bytes]:
        accept = str(environ.get("HTTP_ACCEPT", ""))
        wants_json = path.startswith("/api/") or (
            "application/json" in accept and "text/html" not in accept
        )
        body = self.json_body if wants_json else self.html_body
        content_type = (
            "application/json; charset=utf-8" if wants_json else "text/html; charset=utf-8"
        )
        start_response(
            "503 Service Unavailable",
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(body))),
                ("Retry-After", self.retry_after),
                ("Cache-Control", "no-store"),
                ("Content-Language", "vi"),
                ("X-Content-Type-Options", "nosniff"),
                ("X-MotCua-Error", CODE),
            ],
        )
        # The rest of an upload is not read: the server drops it with the connection.
        return [b"" if method_is_head(environ) else body]

    def _log_refusals(self, budget: Budget) -> None:
        count = budget.refusals_to_log(time.monotonic())
        if count:
            state = budget.snapshot()
            logger.warning(
                "admission: refused %d %s request(s) since the last report (limit %d, "
                "in flight %d, admitted %d, refused %d in all)",
                count,
                budget.name,
                state["limit"],
                state["in_flight"],
                state["admitted"],
                state["refused"],
            )

    def snapshot(self) -> dict[str, dict[str, int]]:
        return {name: budget.snapshot() for name, budget in self.budgets.items()}


def method_is_head(environ: dict[str, Any]) -> bool:
    return str(environ.get("REQUEST_METHOD", "")).upper() == "HEAD"


# The controller of this process (set by config/wsgi.py), for /healthz to show its counters.
current: AdmissionController | None = None


def from_settings(app: WSGIApp) -> WSGIApp:
    """Wrap the Django application as the settings say (MOTCUA_ADMISSION_*)."""
    global current
    from django.conf import settings

    if not settings.MOTCUA_ADMISSION:
        return app
    current = AdmissionController(
        app,
        dict(settings.MOTCUA_ADMISSION_LIMITS),
        retry_after=settings.MOTCUA_ADMISSION_RETRY_AFTER,
        wait_seconds=settings.MOTCUA_ADMISSION_WAIT_MS / 1000,
        officer_prefixes=tuple(settings.MOTCUA_PRIVATE_PREFIXES),
    )
    return current


def blocking_threads() -> int:
    """Threads a server process needs: every budget, plus spare ones to answer refusals."""
    from django.conf import settings

    # Settings without MotCua's (the benchmark's bare reference) take the defaults.
    limits: dict[str, int] = {
        **DEFAULT_LIMITS,
        **getattr(settings, "MOTCUA_ADMISSION_LIMITS", {}),
    }
    return sum(limits.values()) + SPARE_THREADS


if __name__ == "__main__":  # python -m core.admission threads
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:] != ["threads"]:
        sys.exit("usage: python -m core.admission threads")
    print(blocking_threads())
