"""The admission controller (core/admission.py) at the WSGI level, with threads holding budgets."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.test import override_settings

from core import admission
from core.admission import AdmissionController, classify

OFFICER = ("/can-bo/", "/quan-tri/")


class HeldApp:
    """A WSGI application whose requests to /hold/… wait until the test lets them go."""

    def __init__(self) -> None:
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        if "/hold/" in path:
            self.entered.release()
            assert self.release.wait(10), "the test never released the held request"
        if "/boom/" in path:
            raise RuntimeError("the application failed")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [path.encode()]


class Response:
    def __init__(self) -> None:
        self.status = ""
        self.headers: dict[str, str] = {}
        self.body = b""


def call(app: Any, method: str, path: str, **environ: str) -> Response:
    """Serve one request as a WSGI server does: iterate the body, then close it."""
    response = Response()

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        response.status = status
        response.headers = dict(headers)

    body = app({"REQUEST_METHOD": method, "PATH_INFO": path, **environ}, start_response)
    try:
        response.body = b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return response


def hold(app: AdmissionController, inner: HeldApp, method: str, path: str, count: int) -> list[Any]:
    """Start ``count`` requests that stay in the application; return once all are inside."""
    paths = [f"/hold/{path}/{n}/" for n in range(count)]
    threads = [threading.Thread(target=call, args=(app, method, p)) for p in paths]
    for thread in threads:
        thread.start()
    for _ in threads:
        assert inner.entered.acquire(timeout=10), "a held request never reached the application"
    return threads


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/healthz", "health"),
        ("GET", "/static/motcua/site.css", "static"),
        ("GET", "/favicon.ico", "static"),
        ("GET", "/can-bo/", "officer"),
        ("POST", "/can-bo/tiep-nhan/moi/", "officer"),
        ("POST", "/quan-tri/login/", "officer"),
        ("GET", "/tra-cuu/", "lookup"),
        ("POST", "/tra-cuu/", "lookup"),
        ("GET", "/van-ban/ABC-123/", "lookup"),
        ("GET", "/api/v1/van-ban/ABC-123", "lookup"),
        ("POST", "/api/v1/kiem-tra-chu-ky", "write"),
        ("GET", "/thu-tuc/", "read"),
        ("HEAD", "/ho-so-cua-toi/", "read"),
        ("POST", "/nop-ho-so/1.001/", "write"),
        ("POST", "/tai-khoan/dang-nhap/", "write"),
        ("PUT", "/van-ban/ABC-123/", "write"),
    ],
)
def test_each_request_has_its_traffic_class(method: str, path: str, expected: str) -> None:
    assert classify(method, path, OFFICER) == expected


def test_a_full_class_answers_503_at_once_while_the_lookup_still_passes() -> None:
    inner = HeldApp()
    app = AdmissionController(inner, {"write": 2, "lookup": 2}, retry_after=7)
    threads = hold(app, inner, "POST", "nop-ho-so", 2)
    try:
        refused = call(app, "POST", "/nop-ho-so/1.001/")
        lookup = call(app, "POST", "/tra-cuu/")
        officer = call(app, "POST", "/can-bo/tiep-nhan/moi/")
    finally:
        inner.release.set()
        for thread in threads:
            thread.join(10)

    assert refused.status == "503 Service Unavailable"
    assert refused.headers["Retry-After"] == "7"
    assert refused.headers["X-MotCua-Error"] == "server_busy"
    assert refused.headers["Content-Type"] == "text/html; charset=utf-8"
    text = refused.body.decode()
    assert text.index("Hệ thống đang quá tải") < text.index("The service is busy")
    assert "server_busy" in text
    assert (lookup.status, officer.status) == ("200 OK", "200 OK")
    counts = app.snapshot()["write"]
    assert counts == {"limit": 2, "in_flight": 0, "peak": 2, "admitted": 2, "refused": 1}
    # The budget is free again.
    assert call(app, "POST", "/nop-ho-so/1.001/").status == "200 OK"


def test_api_and_json_clients_get_the_refusal_as_json() -> None:
    inner = HeldApp()
    app = AdmissionController(inner, {"write": 1})
    threads = hold(app, inner, "POST", "api", 1)
    try:
        api = call(app, "POST", "/api/v1/kiem-tra-chu-ky")
        json_client = call(app, "POST", "/nop-ho-so/1/", HTTP_ACCEPT="application/json")
        put = call(app, "PUT", "/nop-ho-so/1/", HTTP_ACCEPT="application/json")
    finally:
        inner.release.set()
        for thread in threads:
            thread.join(10)
    for response in (api, json_client):
        assert response.status.startswith("503")
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        error = json.loads(response.body)["error"]
        assert error["code"] == "server_busy"
        assert error["message"].startswith("Hệ thống đang quá tải")
        assert error["message_en"]
        assert response.headers["Content-Length"] == str(len(response.body))
    assert put.status.startswith("503")


def test_the_budget_comes_back_when_the_application_raises() -> None:
    app = AdmissionController(HeldApp(), {"write": 1})
    for _ in range(3):
        with pytest.raises(RuntimeError):
            call(app, "POST", "/boom/")
    assert app.snapshot()["write"]["in_flight"] == 0
    assert app.snapshot()["write"]["refused"] == 0


def test_the_budget_comes_back_when_the_body_fails_while_being_sent() -> None:
    def failing_body() -> Iterator[bytes]:
        yield b"part"
        raise OSError("client went away")

    def inner(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [])
        return failing_body()

    app = AdmissionController(inner, {"read": 1})
    with pytest.raises(OSError):
        call(app, "GET", "/thu-tuc/")
    assert app.snapshot()["read"]["in_flight"] == 0


def test_the_budget_is_held_until_the_response_is_closed() -> None:
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> Iterator[bytes]:
            return iter([b"a", b"b"])

        def close(self) -> None:
            closed.append(True)

    def inner(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [])
        return Body()

    app = AdmissionController(inner, {"read": 1})
    body = app({"REQUEST_METHOD": "GET", "PATH_INFO": "/thu-tuc/"}, lambda *a: None)
    assert b"".join(body) == b"ab"
    # Sent but not yet closed: still in flight.
    assert call(app, "GET", "/thu-tuc/").status.startswith("503")
    body.close()  # type: ignore[attr-defined]
    body.close()  # type: ignore[attr-defined]  # a second close gives nothing back twice
    assert closed == [True, True]
    assert app.snapshot()["read"]["in_flight"] == 0
    assert call(app, "GET", "/thu-tuc/").status == "200 OK"


def test_a_short_wait_admits_a_request_when_a_budget_frees_up() -> None:
    inner = HeldApp()
    app = AdmissionController(inner, {"write": 1}, wait_seconds=10)
    threads = hold(app, inner, "POST", "first", 1)
    results: list[Response] = []
    waiting = threading.Thread(target=lambda: results.append(call(app, "POST", "/second/")))
    waiting.start()
    inner.release.set()
    for thread in [*threads, waiting]:
        thread.join(10)
    assert results[0].status == "200 OK"
    assert app.snapshot()["write"]["refused"] == 0


def test_refusals_are_counted_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    inner = HeldApp()
    app = AdmissionController(inner, {"write": 1})
    threads = hold(app, inner, "POST", "x", 1)
    try:
        with caplog.at_level("WARNING", logger="motcua.admission"):
            for _ in range(3):
                call(app, "POST", "/y/")
    finally:
        inner.release.set()
        for thread in threads:
            thread.join(10)
    lines = [r.getMessage() for r in caplog.records if r.name == "motcua.admission"]
    # One line for the first refusal; the next ones wait for the next report.
    assert len(lines) == 1
    assert "refused 1 write request(s)" in lines[0]
    assert app.snapshot()["write"]["refused"] == 3


def test_an_unknown_class_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="lookups"):
        AdmissionController(HeldApp(), {"lookups": 3})


@override_settings(MOTCUA_ADMISSION=False)
def test_admission_can_be_turned_off() -> None:
    inner = HeldApp()
    assert admission.from_settings(inner) is inner


@override_settings(
    MOTCUA_ADMISSION=True,
    MOTCUA_ADMISSION_LIMITS={"write": 3, "lookup": 5},
    MOTCUA_ADMISSION_RETRY_AFTER=4,
)
def test_the_settings_size_the_budgets_and_the_threads() -> None:
    wrapped = admission.from_settings(HeldApp())
    assert isinstance(wrapped, AdmissionController)
    assert admission.current is wrapped
    assert wrapped.snapshot()["write"]["limit"] == 3
    assert wrapped.retry_after == "4"
    others = sum(v for k, v in admission.DEFAULT_LIMITS.items() if k not in {"write", "lookup"})
    assert admission.blocking_threads() == 3 + 5 + others + admission.SPARE_THREADS
