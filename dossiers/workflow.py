"""The dossier state machine, as data: status → action → next status, and the national codes.

Actions (dossiers/actions.py) ask ``next_status`` and refuse anything not in the table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Raised by next_status; part of dossiers.errors (re-exported for the faces that catch it).
from dossiers.errors import IllegalTransition as IllegalTransition
from dossiers.models import AT_A_STEP, AT_RECEPTION, CLOCK_RUNNING, Status


class Action(models.TextChoices):
    ACCEPT = "accept", _("Tiếp nhận")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung")
    PROVIDE_SUPPLEMENT = "provide_supplement", _("Bổ sung hồ sơ")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    FORWARD = "forward", _("Chuyển bước tiếp theo")
    RETURN = "return", _("Trả lại bước trước")
    ASSIGN = "assign", _("Phân công")
    CONSULT = "consult", _("Xin ý kiến")
    ANSWER_CONSULTATION = "answer_consultation", _("Trả lời xin ý kiến")
    APPROVE = "approve", _("Phê duyệt")
    SIGN = "sign", _("Ký kết quả")
    REJECT = "reject", _("Từ chối giải quyết")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Xin rút hồ sơ")
    STOP = "stop", _("Dừng xử lý")
    APOLOGIZE = "apologize", _("Xin lỗi, hẹn lại")
    CORRECT_DECLARATION = "correct_declaration", _("Sửa lỗi trên tờ khai")
    MARK_DUE_SOON = "mark_due_soon", _("Đánh dấu sắp đến hạn")
    MARK_OVERDUE = "mark_overdue", _("Đánh dấu quá hạn")


S, A = Status, Action

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.SUBMITTED, A.ACCEPT): S.IN_PROGRESS,
    (S.SUBMITTED, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_AT_RECEPTION,
    (S.SUBMITTED, A.REFUSE): S.REFUSED,
    (S.SUPPLEMENT_AT_RECEPTION, A.PROVIDE_SUPPLEMENT): S.SUBMITTED,
    (S.SUPPLEMENT_AT_RECEPTION, A.REFUSE): S.REFUSED,
    (S.IN_PROGRESS, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_IN_PROCESS,
    (S.SUPPLEMENT_IN_PROCESS, A.PROVIDE_SUPPLEMENT): S.IN_PROGRESS,
    (S.SUPPLEMENT_IN_PROCESS, A.STOP): S.STOPPED,
    (S.IN_PROGRESS, A.FORWARD): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.RETURN): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.ASSIGN): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.CONSULT): S.CONSULTING,
    (S.CONSULTING, A.ANSWER_CONSULTATION): S.IN_PROGRESS,
    # Approving or signing moves on a step; at the last step it gives the result (below).
    (S.IN_PROGRESS, A.APPROVE): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.SIGN): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.REJECT): S.DONE,
    (S.DONE, A.RETURN_RESULT): S.RETURNED,
    (S.WITHDRAWAL_REQUESTED, A.STOP): S.STOPPED,
    **{(s, A.REQUEST_WITHDRAWAL): S.WITHDRAWAL_REQUESTED for s in AT_RECEPTION | AT_A_STEP},
    **{(s, A.APOLOGIZE): s for s in AT_A_STEP},
    # Correcting an obvious error of the declaration keeps the status: at reception (the
    # desk) or on a step (its holder), never once the result is issued.
    **{(s, A.CORRECT_DECLARATION): s for s in AT_RECEPTION | AT_A_STEP},
    **{(s, A.MARK_DUE_SOON): s for s in CLOCK_RUNNING},
    **{(s, A.MARK_OVERDUE): s for s in CLOCK_RUNNING},
}

# Where the last step of the workflow differs: approving or signing it decides the dossier.
AT_LAST_STEP: dict[tuple[Status, Action], Status] = {
    (S.IN_PROGRESS, A.APPROVE): S.DONE,
    (S.IN_PROGRESS, A.SIGN): S.DONE,
}

# Status codes of the national public service portal (DVCQG sync standard, DOMAIN §2.5).
NATIONAL_CODE: dict[Status, int] = {
    S.SUBMITTED: 1,
    S.SUPPLEMENT_AT_RECEPTION: 5,
    S.REFUSED: 3,
    S.IN_PROGRESS: 4,
    S.CONSULTING: 4,
    S.SUPPLEMENT_IN_PROCESS: 5,
    S.WITHDRAWAL_REQUESTED: 7,
    S.STOPPED: 8,
    S.DONE: 9,
    S.RETURNED: 10,
}
NATIONAL_NAMES = {
    1: _("Mới đăng ký"),
    2: _("Được tiếp nhận"),
    3: _("Không được tiếp nhận"),
    4: _("Đang xử lý"),
    5: _("Yêu cầu bổ sung giấy tờ"),
    6: _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    7: _("Công dân yêu cầu rút hồ sơ"),
    8: _("Dừng xử lý"),
    9: _("Đã xử lý xong"),
    10: _("Đã trả kết quả"),
}


def next_status(status: str, action: str, *, at_last_step: bool = False) -> Status:
    """The status ``action`` leads to from ``status`` (at the workflow's last step, where that
    differs), or IllegalTransition: the only place a next status comes from."""
    key = (Status(status), Action(action))
    try:
        if at_last_step and key in AT_LAST_STEP:
            return AT_LAST_STEP[key]
        return TRANSITIONS[key]
    except KeyError:
        raise IllegalTransition(
            status,
            action,
            status_label=str(Status(status).label),
            action_label=str(Action(action).label),
        ) from None


def allowed_actions(status: str) -> set[Action]:
    return {action for (s, action) in TRANSITIONS if s == status}


def national_code(status: str) -> int:
    return NATIONAL_CODE[Status(status)]
