from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Vietnamese, whatever language an earlier request switched to."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    """Tasks run in-process in tests (the database worker is exercised by its own test)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate limits and other cached counters start from zero in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def _session_pki(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("pki")


@pytest.fixture(autouse=True)
def _pki_outside_the_project(settings: Any, _session_pki: Any) -> None:
    """Certificates made by tests go to a temporary folder, never to var/pki."""
    settings.MOTCUA_PKI_DIR = _session_pki
