"""The kinds of message MotCua sends: for each, the placeholders its templates may use (with
sample values for the preview), whether the applicant may opt out of it, and whether it may
ring a phone outside the unit's hours.

- **Essential** messages always go (a citizen cannot opt out of them): the login code and the
  notices about a dossier that the one-stop rules require (received, supplement requested,
  refused, apology and new date, result, stopped, a declaration corrected, payment due).
- **Urgent** messages go at any hour: the login code, and the legal notices that start the
  applicant's clock or end the dossier (supplement, refusal, apology, rejection, stop, a
  corrected declaration). Everything else (received, result ready, payment received,
  complaints, the officers' feed) waits for the unit's waking hours (07:00–22:00 by default).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    # Placeholder -> a sample value for the preview (also the ZNS template parameters).
    placeholders: dict[str, str]
    essential: bool
    urgent: bool
    # For officers (their feed, in-app only) rather than for applicants.
    for_officers: bool = False


_CODE = "000.00.21.H01-261201-0001"
_LINK = "https://dichvucong.example.vn/tra-cuu?ma=000.00.21.H01-261201-0001"

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            "received",
            _("Hồ sơ được tiếp nhận"),
            {
                "code": _CODE,
                "due": "16:30 15/12/2026",
                "procedure": "Đăng ký khai sinh",
                "lookup_url": _LINK,
            },
            essential=True,
            urgent=False,
        ),
        Kind(
            "supplement_requested",
            _("Yêu cầu bổ sung hồ sơ"),
            {"code": _CODE, "reason": "Thiếu giấy chứng sinh", "lookup_url": _LINK},
            essential=True,
            urgent=True,
        ),
        Kind(
            "refused",
            _("Từ chối tiếp nhận hồ sơ"),
            {"code": _CODE, "reason": "Không thuộc thẩm quyền"},
            essential=True,
            urgent=True,
        ),
        Kind(
            "apology",
            _("Thư xin lỗi và hẹn lại ngày trả kết quả"),
            {"code": _CODE, "reason": "Cần xác minh thêm", "due": "16:30 22/12/2026"},
            essential=True,
            urgent=True,
        ),
        Kind(
            "result_ready",
            _("Có kết quả giải quyết"),
            {
                "code": _CODE,
                "how": "Tải kết quả điện tử trên Cổng dịch vụ công",
                "lookup_url": _LINK,
            },
            essential=True,
            urgent=False,
        ),
        Kind(
            "rejected",
            _("Từ chối giải quyết hồ sơ"),
            {"code": _CODE, "reason": "Không đủ điều kiện"},
            essential=True,
            urgent=True,
        ),
        Kind(
            "withdrawn",
            _("Ghi nhận yêu cầu rút hồ sơ"),
            {"code": _CODE},
            essential=False,
            urgent=False,
        ),
        Kind(
            "stopped",
            _("Dừng xử lý hồ sơ"),
            {"code": _CODE, "reason": "Theo yêu cầu của người nộp"},
            essential=True,
            urgent=True,
        ),
        Kind(
            "declaration_corrected",
            _("Tờ khai được cán bộ sửa"),
            {"code": _CODE, "reason": "Sửa lỗi chính tả họ tên"},
            essential=True,
            urgent=True,
        ),
        Kind(
            "payment_requested",
            _("Đề nghị nộp phí, lệ phí"),
            {"code": _CODE, "amount": "50.000 đ", "pay_url": _LINK},
            essential=True,
            urgent=False,
        ),
        Kind(
            "payment_received",
            _("Đã nhận phí, lệ phí"),
            {"code": _CODE, "amount": "50.000 đ", "receipt_url": _LINK},
            essential=False,
            urgent=False,
        ),
        Kind(
            "complaint_received",
            _("Đã nhận phản ánh, kiến nghị"),
            {"code": "PAKN-2026-000123", "due": "15/12/2026"},
            essential=False,
            urgent=False,
        ),
        Kind(
            "complaint_answered",
            _("Phản ánh, kiến nghị đã được trả lời"),
            {"code": "PAKN-2026-000123", "lookup_url": _LINK},
            essential=False,
            urgent=False,
        ),
        Kind(
            "login_code",
            _("Mã đăng nhập"),
            {"site": "MotCua", "code": "482913", "minutes": "5"},
            essential=True,
            urgent=True,
        ),
        Kind(
            "inbox_arrived",
            _("Hồ sơ mới chuyển đến"),
            {"code": _CODE, "procedure": "Đăng ký khai sinh", "due": "16:30 15/12/2026"},
            essential=False,
            urgent=False,
            for_officers=True,
        ),
        Kind(
            "due_soon",
            _("Hồ sơ sắp đến hạn"),
            {"code": _CODE, "due": "16:30 15/12/2026"},
            essential=False,
            urgent=False,
            for_officers=True,
        ),
        Kind(
            "overdue",
            _("Hồ sơ quá hạn"),
            {"code": _CODE, "due": "16:30 15/12/2026"},
            essential=False,
            urgent=False,
            for_officers=True,
        ),
        Kind(
            "consultation_answered",
            _("Đơn vị phối hợp đã trả lời"),
            {"code": _CODE, "unit": "UBND phường Ba Đình"},
            essential=False,
            urgent=False,
            for_officers=True,
        ),
    ]
}


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(kind.key, kind.label) for kind in KINDS.values()]
