"""System checks of ours: shown by `runserver`, `migrate`, `check` and the served process."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

logger = logging.getLogger("motcua")

DEVELOPMENT_MODE = (
    "DEBUG is not set: MotCua runs in DEVELOPMENT mode (DEBUG=true: detailed error pages, a "
    "development secret key, demo certificates). Set DEBUG=false in production. — Chưa đặt "
    "DEBUG: MotCua đang chạy ở chế độ PHÁT TRIỂN; đặt DEBUG=false khi vận hành thật."
)


@register(Tags.security, deploy=False)
def debug_left_to_its_default(**_: Any) -> list[CheckMessage]:
    """Development mode is the default so that `make run` needs nothing; say so, loudly."""
    if settings.DEBUG and getattr(settings, "DEBUG_FROM_DEFAULT", False):
        return [Warning(DEVELOPMENT_MODE, id="motcua.W001")]
    return []


def warn_if_development_mode() -> None:
    """For the served process (WSGI), which runs no system checks."""
    if settings.DEBUG and getattr(settings, "DEBUG_FROM_DEFAULT", False):
        logger.warning(DEVELOPMENT_MODE)
