"""The templates MotCua starts with, in Vietnamese and English: installed as version 1 of each
kind, channel and language that has no template yet (after migrate, and on first use), then
edited by administrators as data (notifications.admin)."""

from __future__ import annotations

from typing import Any

# kind -> (subject vi, text vi, subject en, text en). The text is the SMS, the in-app message
# and the e-mail's first paragraph.
TEXTS: dict[str, tuple[str, str, str, str]] = {
    "received": (
        "Hồ sơ {code} đã được tiếp nhận",
        "Hồ sơ {code} ({procedure}) đã được tiếp nhận. Hẹn trả kết quả: {due}. "
        "Tra cứu: {lookup_url}",
        "Application {code} received",
        "Application {code} ({procedure}) has been received. Result due: {due}. "
        "Track it: {lookup_url}",
    ),
    "supplement_requested": (
        "Hồ sơ {code} cần bổ sung",
        "Hồ sơ {code} cần bổ sung, hoàn thiện: {reason}. Xem chi tiết: {lookup_url}",
        "Application {code} needs more documents",
        "Application {code} needs more documents: {reason}. Details: {lookup_url}",
    ),
    "refused": (
        "Hồ sơ {code} không được tiếp nhận",
        "Hồ sơ {code} không được tiếp nhận. Lý do: {reason}.",
        "Application {code} not accepted",
        "Application {code} was not accepted. Reason: {reason}.",
    ),
    "apology": (
        "Xin lỗi về việc hồ sơ {code} chậm hẹn",
        "Xin lỗi ông/bà: hồ sơ {code} chậm so với hẹn. Lý do: {reason}. Hẹn mới: {due}.",
        "Apology: application {code} is late",
        "We apologise: application {code} is late. Reason: {reason}. New date: {due}.",
    ),
    "result_ready": (
        "Hồ sơ {code} đã có kết quả",
        "Hồ sơ {code} đã có kết quả. {how}. Tra cứu: {lookup_url}",
        "Application {code}: result ready",
        "Application {code} has its result. {how}. Track it: {lookup_url}",
    ),
    "rejected": (
        "Hồ sơ {code}: từ chối giải quyết",
        "Hồ sơ {code} đã có kết quả (từ chối giải quyết). Lý do: {reason}.",
        "Application {code}: refused",
        "Application {code} has been decided (refused). Reason: {reason}.",
    ),
    "withdrawn": (
        "Đã ghi nhận yêu cầu rút hồ sơ {code}",
        "Đã ghi nhận yêu cầu rút hồ sơ {code}.",
        "Withdrawal of application {code} recorded",
        "Your request to withdraw application {code} has been recorded.",
    ),
    "stopped": (
        "Hồ sơ {code} đã dừng xử lý",
        "Hồ sơ {code} đã dừng xử lý. Lý do: {reason}.",
        "Application {code} stopped",
        "Application {code} has been stopped. Reason: {reason}.",
    ),
    "declaration_corrected": (
        "Tờ khai của hồ sơ {code} đã được sửa",
        "Tờ khai của hồ sơ {code} đã được cán bộ sửa. Lý do: {reason}. Xem nội dung đã sửa "
        "trên Cổng dịch vụ công.",
        "The form of application {code} was corrected",
        "An officer corrected the form of application {code}. Reason: {reason}. See the "
        "corrected form on the public service portal.",
    ),
    "payment_requested": (
        "Hồ sơ {code}: đề nghị nộp phí, lệ phí",
        "Hồ sơ {code}: mời ông/bà nộp {amount} phí, lệ phí tại {pay_url}",
        "Application {code}: fee due",
        "Application {code}: please pay {amount} at {pay_url}",
    ),
    "payment_received": (
        "Hồ sơ {code}: đã nhận phí, lệ phí",
        "Đã nhận {amount} phí, lệ phí của hồ sơ {code}. Biên lai: {receipt_url}",
        "Application {code}: payment received",
        "We received {amount} for application {code}. Receipt: {receipt_url}",
    ),
    "complaint_received": (
        "Đã nhận phản ánh {code}",
        "Đã nhận phản ánh, kiến nghị {code}. Hạn trả lời: {due}.",
        "Feedback {code} received",
        "Your feedback {code} has been received. Answer due: {due}.",
    ),
    "complaint_answered": (
        "Phản ánh {code} đã được trả lời",
        "Phản ánh, kiến nghị {code} đã được trả lời. Xem: {lookup_url}",
        "Feedback {code} answered",
        "Your feedback {code} has been answered. See: {lookup_url}",
    ),
    "login_code": (
        "Mã đăng nhập",
        "{site}: mã đăng nhập của ông/bà là {code}, có hiệu lực {minutes} phút. Không cung "
        "cấp mã này cho bất kỳ ai, kể cả cán bộ.",
        "Login code",
        "{site}: your login code is {code}, valid for {minutes} minutes. Never give it to "
        "anyone, officers included.",
    ),
    "inbox_arrived": (
        "Hồ sơ mới: {code}",
        "Hồ sơ {code} ({procedure}) đã chuyển đến hộp hồ sơ của ông/bà. Hạn: {due}.",
        "New application: {code}",
        "Application {code} ({procedure}) is in your inbox. Due: {due}.",
    ),
    "due_soon": (
        "Hồ sơ {code} sắp đến hạn",
        "Hồ sơ {code} sắp đến hạn ({due}).",
        "Application {code} due soon",
        "Application {code} is due soon ({due}).",
    ),
    "overdue": (
        "Hồ sơ {code} quá hạn",
        "Hồ sơ {code} đã quá hạn ({due}).",
        "Application {code} overdue",
        "Application {code} is overdue ({due}).",
    ),
    "consultation_answered": (
        "{unit} đã trả lời về hồ sơ {code}",
        "{unit} đã trả lời ý kiến phối hợp về hồ sơ {code}.",
        "{unit} answered about application {code}",
        "{unit} has answered the consultation about application {code}.",
    ),
}

_FOOTER = {
    "vi": "\n\nThư này được gửi tự động, xin đừng trả lời.",
    "en": "\n\nThis message was sent automatically; please do not reply.",
}
_OFFICER_CHANNELS = ("in_app",)
_APPLICANT_CHANNELS = ("sms", "email", "in_app")


def default_template(kind: str, channel: str, language: str) -> dict[str, str] | None:
    """The fields of the default template, or None where the kind does not use the channel."""
    from notifications.kinds import KINDS

    texts = TEXTS.get(kind)
    if texts is None or kind not in KINDS:
        return None
    channels = _OFFICER_CHANNELS if KINDS[kind].for_officers else _APPLICANT_CHANNELS
    if channel not in channels or language not in _FOOTER:
        return None
    subject, body = (texts[0], texts[1]) if language == "vi" else (texts[2], texts[3])
    if channel == "email":
        body += _FOOTER[language]
    return {"subject": subject, "body": body}


def install(template_model: Any) -> int:
    """Create version 1 of every default template that has no version yet; how many."""
    from notifications.kinds import KINDS

    made = 0
    for kind in KINDS:
        for channel in _APPLICANT_CHANNELS:
            for language in _FOOTER:
                fields = default_template(kind, channel, language)
                if fields is None:
                    continue
                _row, created = template_model.objects.get_or_create(
                    kind=kind, channel=channel, language=language, version=1, defaults=fields
                )
                made += created
    return made
