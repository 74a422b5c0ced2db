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
