"""An operator sends a failed message again (the back office's page of sent messages).

The message itself is a record of what happened and is never changed: the resend is a new
``Notification`` with the same text to the same address, linked to it by ``resend_of``, that
goes through the outbox like any other (delivered after commit, claimed, retried, settled by
its receipt). Only a message that is settled and failed can be resent, and only while its text
is kept (``notifications.retention``): a message still being sent may yet arrive, one that
arrived needs nothing, and one whose body was purged has nothing left to send.
"""

from __future__ import annotations

import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from core import clock
from notifications.models import Notification
from notifications.outbox import enqueue

logger = logging.getLogger("motcua.notifications")

Status = Notification.Status

# What ended in failure: the statuses an operator may send again from.
FAILED = frozenset({Status.TEMPORARY_FAILURE, Status.PERMANENT_FAILURE, Status.TECHNICAL_FAILURE})

# What the copy takes from the message it resends (the rest starts afresh: status, attempts,
# provider id, times, errors).
COPIED = (
    "channel",
    "kind",
    "recipient_id",
    "address",
    "subject",
    "body",
    "html",
    "data",
    "template_id",
    "template_version",
    "dossier_id",
    "dossier_code",
    "event_id",
    "unit_id",
    "urgent",
    "segments",
)


class ResendRefused(Exception):
    """Why a message cannot be sent again: ``code`` is stable, the text is for the operator."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def refusal(notification: Notification) -> ResendRefused | None:
    """Why ``notification`` cannot be sent again now (None when it can). Read from the row as
    given; ``resend`` asks again under the row's lock."""
    if notification.kind == "login_code":
        # The code in its text has expired or been used: the person asks for a new one.
        return ResendRefused(
            _("Mã đăng nhập không được gửi lại: người dân xin mã mới khi đăng nhập."),
            "resend.login_code",
        )
    if not notification.settled:
        return ResendRefused(
            _("Tin này đang được gửi; chỉ gửi lại khi đã có kết quả gửi."), "resend.not_settled"
        )
    if notification.status not in FAILED:
        return ResendRefused(
            _("Chỉ gửi lại tin gửi không thành công (tin này: %(status)s).")
            % {"status": notification.get_status_display()},
            "resend.not_failed",
        )
    if notification.body_purged_at is not None:
        return ResendRefused(
            _("Nội dung tin này đã được xoá theo thời hạn lưu trữ nên không gửi lại được."),
            "resend.body_purged",
        )
    return None


def resend(notification: Notification, *, by: AbstractBaseUser) -> Notification:
    """Queue a copy of the failed ``notification`` (raises ResendRefused), sent after commit.

    The original's row is locked while it is checked and copied: of two operators pressing
    "Gửi lại" at once, the second finds it already resent and is refused, so the citizen gets
    one copy. A copy that fails in turn is resent from the copy."""
    with transaction.atomic():
        original = Notification.objects.select_for_update().get(pk=notification.pk)
        refused = refusal(original)
        if refused is not None:
            raise refused
        if original.resends.exists():
            raise ResendRefused(
                _("Tin này đã được gửi lại rồi; nếu cần, gửi lại từ bản gửi lại."),
                "resend.already_resent",
            )
        copy = Notification(**{field: getattr(original, field) for field in COPIED})
        copy.resend_of = original
        copy.status = Status.CREATED
        # At once, whatever the hour: an operator asked for it.
        copy.next_attempt_at = clock.now()
        copy.save()
        enqueue(copy)
    logger.info("Notification %s resent as %s by user %s", original.pk, copy.pk, by.pk)
    return copy
