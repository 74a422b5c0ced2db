from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

# The browser fixtures (page, page_without_js, log_in) and the `browser` marker.
pytest_plugins = ["core.testing_browser"]


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


@pytest.fixture(scope="session", autouse=True)
def _files_outside_the_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Certificates and stored files made by tests go to temporary folders, never to var/.

    Session-wide, so that class-level test data (setUpTestData) uses them too."""
    from django.test import override_settings

    with override_settings(
        MOTCUA_PKI_DIR=tmp_path_factory.mktemp("pki"),
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        MOTCUA_ANCHOR_DIR=tmp_path_factory.mktemp("anchors"),
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def _demo_pki() -> Iterator[None]:
    """Tests sign with the demo PKI whatever DEBUG the run has (it defaults to DEBUG); tests of
    production behaviour turn it off themselves."""
    from django.test import override_settings

    with override_settings(MOTCUA_DEMO_PKI=True):
        yield
