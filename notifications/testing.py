"""Builders for tests that send messages."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# A Wednesday morning: inside every unit's default sending hours (07:00–22:00).
SENDING_HOURS = datetime(2026, 12, 2, 10, 0, tzinfo=VIETNAM)


def during_sending_hours(**options: Any) -> AbstractContextManager[Any]:
    """The clock on a working morning, ticking: a message that is not urgent goes at once
    (outside the sending hours it would wait for 07:00)."""
    return time_machine.travel(SENDING_HOURS, tick=options.get("tick", True))


def sms_messages(**filters: Any) -> Any:
    """The SMS rows, oldest first."""
    from notifications.models import Notification

    return Notification.objects.filter(channel="sms", **filters).order_by("pk")
