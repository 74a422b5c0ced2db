"""GET /healthz: the process and its database answer (core/health.py)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from core import admission
from core.tests.serving import Process, free_port, get, production_env


@pytest.mark.django_db
def test_the_health_check_asks_the_database_once(
    client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_health_check_shows_the_admission_counters(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = admission.AdmissionController(lambda e, s: [], {"write": 3})
    monkeypatch.setattr(admission, "current", controller)
    body = client.get("/healthz").json()
    assert body["admission"]["write"]["limit"] == 3
    assert set(body["admission"]) == set(admission.CLASSES)


def test_the_health_check_takes_no_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_a_server_whose_database_is_down_says_so(tmp_path: Path) -> None:
    """A real server process with nothing listening at its PostgreSQL address: 503, quickly
    enough for a load balancer (the connect timeout), and the process keeps serving."""
    port = free_port()
    with socket.socket() as closed:  # a port with nothing behind it
        closed.bind(("127.0.0.1", 0))
        dead = closed.getsockname()[1]
    env = production_env(tmp_path, port, DATABASE_URL=f"postgres://motcua@127.0.0.1:{dead}/x")
    server = Process(["scripts/serve.sh", "web"], env, tmp_path / "web.log")
    try:
        server.wait_for(lambda: _answers(port), "granian")
        status, _headers, body = get(port, "/healthz")
        assert status == 503
        assert json.loads(body) == {"status": "error", "database": "unavailable"}
        assert get(port, "/tra-cuu/")[0] == 200  # pages without the database still answer
    finally:
        server.terminate()


def _answers(port: int) -> bool:
    try:
        get(port, "/healthz")
    except OSError:
        return False
    return True
