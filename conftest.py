from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Vietnamese, whatever language an earlier request switched to."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
