"""GET /healthz: the process and its database answer (core/health.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core import admission


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
