"""Delivery channels. Each has one function ``send(notification)`` that raises
``DeliveryError(permanent=…)`` on failure. SMS and e-mail providers arrive with their issue."""

from __future__ import annotations

import logging
from collections.abc import Callable

from notifications.models import Notification

logger = logging.getLogger("motcua.notifications")


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def send_console(notification: Notification) -> None:
    """Writes the message to the log: the development channel, and the record of a message."""
    logger.info(
        "[%s → %s] %s\n%s",
        notification.channel,
        notification.address or notification.recipient_id,
        notification.subject,
        notification.body,
    )


CHANNELS: dict[str, Callable[[Notification], None]] = {
    Notification.Channel.CONSOLE: send_console,
}
