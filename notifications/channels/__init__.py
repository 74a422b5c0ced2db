"""Delivery channels. Each has one function ``send(notification)`` that raises
``DeliveryError(permanent=…)`` on failure. SMS and e-mail providers arrive with their issue."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings

from notifications.models import Notification

logger = logging.getLogger("motcua.notifications")


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def mask_address(address: str) -> str:
    """A phone number or e-mail address as the log may show it: enough to tell two apart."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(address) <= 4:
        return "*" * len(address)
    return f"{address[:2]}{'*' * (len(address) - 4)}{address[-2:]}"


def send_console(notification: Notification) -> None:
    """Writes the message to the log: the development channel, and the record of a message.

    The log is read by operators, not by the applicant: the address is masked, and the text
    (which may hold a login code or a refusal's reason) is written only when
    MOTCUA_CONSOLE_SHOW_TEXT is on (by default in development, where the demo needs the codes).
    """
    address = mask_address(notification.address) if notification.address else ""
    recipient = address or f"user {notification.recipient_id}"
    if settings.MOTCUA_CONSOLE_SHOW_TEXT:
        text = notification.body
    else:
        text = f"({len(notification.body)} characters not logged)"
    logger.info("[%s → %s] %s\n%s", notification.channel, recipient, notification.subject, text)


CHANNELS: dict[str, Callable[[Notification], None]] = {
    Notification.Channel.CONSOLE: send_console,
}
