"""System checks of the notification channels: production with no provider sends nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from notifications.channels import configured

NO_PROVIDER = (
    "No SMS gateway (MOTCUA_SMS_URL) and no mail server (EMAIL_HOST) are configured: messages "
    "to applicants, login codes included, only go to the log. — Chưa cấu hình cổng SMS và máy "
    "chủ thư: thông báo và mã đăng nhập chỉ được ghi vào nhật ký, người dân không nhận được."
)
UNSIGNED_RECEIPTS = (
    "MOTCUA_SMS_URL is set but MOTCUA_SMS_CALLBACK_SECRET is not: every delivery receipt will "
    "be refused as forged, and SMS stay 'sending'. — Chưa đặt khoá ký báo nhận SMS: mọi báo "
    "nhận sẽ bị từ chối."
)


@register(Tags.compatibility, deploy=False)
def providers_configured(**_: Any) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    if not settings.DEBUG and not (configured("sms") or configured("email")):
        found.append(Warning(NO_PROVIDER, id="motcua.W301"))
    if configured("sms") and not settings.MOTCUA_SMS_CALLBACK_SECRET:
        found.append(Warning(UNSIGNED_RECEIPTS, id="motcua.W302"))
    return found
