"""Delivery channels, each behind one function ``send(Outgoing) -> Accepted`` that raises
``DeliveryError(permanent=…)`` (notifications.channels.base). SMS, Zalo ZNS and e-mail speak
to their providers (``sms``, ``zalo``, ``email``); the console channel writes to the log and
stands in for a provider that is not configured (development, a province without a contract
yet). Which channel a message takes is decided when it is made (notifications.dispatch)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings

from notifications.channels.base import Accepted, DeliveryError, Outgoing

__all__ = ["CHANNELS", "Accepted", "DeliveryError", "Outgoing", "mask_address", "send_console"]

logger = logging.getLogger("motcua.notifications")


def mask_address(address: str) -> str:
    """A phone number or e-mail address as the log may show it: enough to tell two apart."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(address) <= 4:
        return "*" * len(address)
    return f"{address[:2]}{'*' * (len(address) - 4)}{address[-2:]}"


def send_console(message: Outgoing) -> Accepted:
    """Writes the message to the log: the development channel, and the record of a message.

    The log is read by operators, not by the applicant: the address is masked, and the text
    (which may hold a login code or a refusal's reason) is written only when
    MOTCUA_CONSOLE_SHOW_TEXT is on (by default in development, where the demo needs the codes).
    """
    recipient = mask_address(message.address) if message.address else "(no address)"
    if settings.MOTCUA_CONSOLE_SHOW_TEXT:
        text = message.body
    else:
        text = f"({len(message.body)} characters not logged)"
    logger.info("[console → %s] %s\n%s", recipient, message.subject, text)
    return Accepted(provider_id=message.reference, delivered=True)


def _provider(module: str) -> Callable[[Outgoing], Accepted]:
    """The provider's ``send``, imported when first used (its module may be heavy)."""

    def send(message: Outgoing) -> Accepted:
        from importlib import import_module

        sender: Callable[[Outgoing], Accepted] = import_module(module).send
        return sender(message)

    return send


CHANNELS: dict[str, Callable[[Outgoing], Accepted]] = {
    "console": send_console,
    "sms": _provider("notifications.channels.sms"),
    "email": _provider("notifications.channels.email"),
    "zalo": _provider("notifications.channels.zalo"),
}


def configured(channel: str) -> bool:
    """Whether ``channel`` has a provider to talk to here (else the console stands in)."""
    if channel == "sms":
        return bool(settings.MOTCUA_SMS_URL)
    if channel == "zalo":
        return bool(settings.MOTCUA_ZNS_URL)
    if channel == "email":
        mailer: dict[str, Any] = dict(settings.MAILERS).get("default") or {}
        if str(mailer.get("BACKEND", "")).endswith("smtp.EmailBackend"):
            return bool((mailer.get("OPTIONS") or {}).get("host"))
        return bool(mailer)
    return channel in ("console", "in_app")
