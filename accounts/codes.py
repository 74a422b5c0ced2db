"""One-time login codes for applicants, sent through the notification outbox.

A code has six digits, lives MOTCUA_LOGIN_CODE_SECONDS, works once, and only the newest one
of an account works. It is stored as an HMAC keyed with SECRET_KEY, so a copy of the table
alone does not give the codes away. The outbox row needs the text to deliver it; once the code
is used or replaced, that text (and the values it was made from) is overwritten. The code goes
by SMS (or e-mail), urgent, at any hour, tracked like every other message.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import LoginCode, User
from core import clock
from core.ratelimit import over_limit
from notifications.channels import configured
from notifications.dispatch import notify
from notifications.models import Notification

# Wrong guesses at one code before it stops working (the lockout usually comes first).
MAX_ATTEMPTS = 5
# Codes sent to one account per hour: each is a message someone pays for.
SEND_LIMIT = 5
_REDACTED = "[mã đăng nhập đã dùng hoặc đã thay]"


class CodeUnavailable(Exception):
    """No code can be sent to this account; the message says what to do."""


def destination(user: User) -> str:
    return user.phone.strip() or user.email.strip()


def masked(address: str) -> str:
    """Enough of the address to recognise it: 0912***001, a***@example.vn."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{address[:4]}***{address[-3:]}" if len(address) > 7 else "***"


def _hash(user: User, code: str) -> str:
    return salted_hmac("accounts.LoginCode", f"{user.pk}:{code}", algorithm="sha256").hexdigest()


def _scrub(notification_ids: list[int]) -> None:
    """Overwrite the code in its messages (and in an SMS sent in a Zalo message's stead); one
    not sent yet is not sent at all: its code no longer works."""
    ids = [i for i in notification_ids if i]
    messages = Notification.objects.filter(Q(pk__in=ids) | Q(fallback_of__in=ids))
    messages.filter(
        status__in=[Notification.Status.CREATED, Notification.Status.TEMPORARY_FAILURE]
    ).update(
        status=Notification.Status.PERMANENT_FAILURE,
        failure_code="superseded",
        next_attempt_at=None,
    )
    messages.update(body=_REDACTED, data={})


def issue(user: User) -> LoginCode:
    """Replace any open code of ``user`` with a new one and queue it to their phone or e-mail."""
    address = destination(user)
    if not address:
        raise CodeUnavailable(
            _(
                "Tài khoản chưa có số điện thoại hoặc thư điện tử để nhận mã đăng nhập. "
                "Vui lòng mang căn cước đến Bộ phận Một cửa để cán bộ bổ sung số điện thoại "
                "hoặc thư điện tử cho tài khoản."
            )
        )
    by_phone = bool(user.phone.strip())
    if not configured("sms" if by_phone else "email") and not settings.MOTCUA_LOGIN_CODE_CONSOLE:
        # With no SMS gateway (or mail server) the console stands in, and it writes messages
        # to the log: a login code must never go there outside development.
        raise CodeUnavailable(
            _(
                "Hệ thống chưa sẵn sàng gửi mã đăng nhập. Vui lòng thử lại sau hoặc liên hệ "
                "Bộ phận Một cửa."
            )
        )
    if over_limit("login-code-sent", str(user.pk), limit=SEND_LIMIT, window_seconds=3600):
        raise CodeUnavailable(
            _("Đã gửi quá nhiều mã đăng nhập cho tài khoản này. Vui lòng thử lại sau một giờ.")
        )
    code = f"{secrets.randbelow(10**6):06d}"
    now = clock.wall()
    minutes = settings.MOTCUA_LOGIN_CODE_SECONDS // 60
    with transaction.atomic():
        open_codes = LoginCode.objects.select_for_update().filter(
            user=user, used_at__isnull=True, expires_at__gt=now
        )
        _scrub(list(open_codes.values_list("notification_id", flat=True)))
        open_codes.update(expires_at=now)
        sent = notify(
            "login_code",
            {"site": settings.MOTCUA_SITE_NAME, "code": code, "minutes": minutes},
            user=user,
            phone=address if by_phone else "",
            email="" if by_phone else address,
            # Not in the message centre: the code is needed before the person is logged in.
            channels=("sms", "zalo", "email"),
        )
        notification = sent[0] if sent else None
        return LoginCode.objects.create(
            user=user,
            code_hash=_hash(user, code),
            destination=address,
            notification=notification,
            created_at=now,
            expires_at=now + timedelta(seconds=settings.MOTCUA_LOGIN_CODE_SECONDS),
        )


def check(user: User, typed: str) -> bool:
    """True, once, for the newest unexpired code of ``user``; a wrong guess is counted."""
    typed = "".join(typed.split())
    now = clock.wall()
    with transaction.atomic():
        code = (
            LoginCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if code is None or code.attempts >= MAX_ATTEMPTS:
            return False
        if not (len(typed) == 6 and constant_time_compare(code.code_hash, _hash(user, typed))):
            code.attempts += 1
            code.save(update_fields=["attempts"])
            return False
        code.used_at = now
        code.save(update_fields=["used_at"])
        _scrub([code.notification_id] if code.notification_id else [])
        return True
