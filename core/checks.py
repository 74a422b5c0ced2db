"""System checks of ours: shown by `runserver`, `migrate`, `check` and the served process."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

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


PUBLIC_URL_LEFT_LOCAL = (
    "MOTCUA_PUBLIC_URL is %(url)s, an address on this machine: the QR codes and links printed "
    "in issued documents will not open for anyone else. Set MOTCUA_PUBLIC_URL to the public "
    "address of the site (https://…). — MOTCUA_PUBLIC_URL đang là %(url)s (địa chỉ của máy "
    "này): mã QR và đường dẫn in trên văn bản sẽ không mở được; hãy đặt địa chỉ công khai."
)
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 - a name compared


def public_url_left_local() -> str:
    """The warning when production (DEBUG off) still prints this machine's address in documents,
    as the default MOTCUA_PUBLIC_URL does; "" otherwise."""
    url = str(settings.MOTCUA_PUBLIC_URL)
    host = (urlsplit(url).hostname or "").lower()
    if settings.DEBUG or (host and host not in _LOCAL_HOSTS and not host.endswith(".localhost")):
        return ""
    return PUBLIC_URL_LEFT_LOCAL % {"url": url or '""'}


@register(Tags.security, deploy=False)
def public_url_left_to_its_default(**_: Any) -> list[CheckMessage]:
    message = public_url_left_local()
    return [Warning(message, id="motcua.W002")] if message else []


def warn_at_start() -> None:
    """For the served process (WSGI), which runs no system checks: what the checks above say."""
    warn_if_development_mode()
    message = public_url_left_local()
    if message:
        logger.warning(message)
