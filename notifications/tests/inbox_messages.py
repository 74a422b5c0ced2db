"""Builders for the message centre's tests: in-app messages made by ``notify`` itself, as the
dossier actions make them."""

from __future__ import annotations

import re
from itertools import count
from typing import Any

from notifications.dispatch import About, notify
from notifications.models import Notification

_numbers = count(1)


def in_app_message(
    user: Any,
    *,
    kind: str = "received",
    code: str = "",
    dossier: Any = None,
    phone: str = "",
    email: str = "",
) -> Notification:
    """An in-app message of ``kind`` for ``user``, about ``dossier`` or naming the dossier code
    ``code`` (about none when neither is given); with ``phone`` or ``email`` it goes there too.
    Its subject carries the code, a made-up one
    when it is about no dossier, so each message's subject is its own."""
    code = dossier.code if dossier is not None else code
    about = About(dossier_id=dossier.pk if dossier is not None else None, dossier_code=code)
    shown = code or f"TB-{next(_numbers):05d}"
    values = {"code": shown, "unit": "UBND phường Thử"}
    made = notify(kind, values, user=user, phone=phone, email=email, about=about)
    return next(m for m in made if m.channel == Notification.Channel.IN_APP)


def read(message: Notification) -> Notification:
    message.refresh_from_db()
    return message


def badge(html: str) -> str | None:
    """The header's unread count (beside "Thông báo của tôi" or "Bảng tin"), None when none."""
    found = re.search(r"motcua-unread\">([^<]+)<span class=\"govuk-visually-hidden\">", html)
    return found.group(1) if found else None
