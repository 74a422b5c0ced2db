"""What the applicant is told about their dossier, and through which channel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, DossierEvent, EventType
from notifications.outbox import queue_message
from workdays.calendar import to_local

_MESSAGES = {
    EventType.RECEIVED: _("Hồ sơ %(code)s đã được tiếp nhận. Hẹn trả kết quả: %(due)s."),
    EventType.SUPPLEMENT_REQUESTED: _(
        "Hồ sơ %(code)s cần bổ sung giấy tờ: %(reason)s. Xem chi tiết trên Cổng dịch vụ công."
    ),
    EventType.REFUSED: _("Hồ sơ %(code)s không được tiếp nhận. Lý do: %(reason)s."),
    EventType.APOLOGY_ISSUED: _(
        "Xin lỗi ông/bà: hồ sơ %(code)s chậm so với hẹn. Lý do: %(reason)s. Hẹn mới: %(due)s."
    ),
    EventType.APPROVED: _("Hồ sơ %(code)s đã có kết quả, mời ông/bà nhận kết quả."),
    EventType.SIGNED: _("Hồ sơ %(code)s đã có kết quả, mời ông/bà nhận kết quả."),
    EventType.REJECTED: _("Hồ sơ %(code)s đã có kết quả (từ chối giải quyết): %(reason)s."),
    EventType.WITHDRAWAL_REQUESTED: _("Đã ghi nhận yêu cầu rút hồ sơ %(code)s."),
    EventType.STOPPED: _("Hồ sơ %(code)s đã dừng xử lý. Lý do: %(reason)s."),
    EventType.DECLARATION_CORRECTED: _(
        "Tờ khai của hồ sơ %(code)s đã được cán bộ sửa. Lý do: %(reason)s. Xem nội dung đã "
        "sửa trên Cổng dịch vụ công."
    ),
}


def notify_applicant(dossier: Dossier, event: DossierEvent) -> None:
    """Put the applicant's message in the outbox (inside the caller's transaction)."""
    template = _MESSAGES.get(EventType(event.type))
    if template is None:
        return
    due = to_local(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else ""
    body = str(template) % {"code": dossier.code, "due": due, "reason": event.reason}
    queue_message(
        recipient=dossier.applicant,
        address=dossier.applicant_phone or dossier.applicant_email,
        subject=f"{dossier.code}: {EventType(event.type).label}",
        body=body,
        dossier_id=dossier.pk,
        event_id=event.pk,
    )
