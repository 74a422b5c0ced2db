"""Every refusal a dossier action can give: a stable code, a Vietnamese message (translated to
English in ``locale/en``) and the class that says what kind of refusal it is. The faces show
``str(error)`` in the reader's language and take the HTTP status from ``http_status``; the API
returns the code. A code, once published, keeps its meaning: add new ones, never reuse one.

This module imports nothing of the apps: every layer may raise and catch these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    # The request itself (what a form or an API call sent).
    "form.invalid": _("%(detail)s"),
    "stop.reason_required": _("Cần ghi rõ lý do dừng xử lý."),
    "refuse.reason_required": _("Cần ghi rõ lý do từ chối tiếp nhận."),
    "reject.reason_required": _("Cần ghi rõ lý do từ chối giải quyết."),
    "send_back.reason_required": _("Cần ghi rõ lý do trả lại."),
    "supplement.reason_required": _("Cần ghi rõ lý do yêu cầu bổ sung."),
    "supplement.nothing_chosen": _("Chọn ít nhất một thành phần cần bổ sung."),
    "apology.reason_required": _("Cần ghi rõ lý do chậm trễ."),
    "apology.too_short": _("Ngày hẹn mới phải sau ngày hẹn cũ ít nhất một ngày làm việc."),
    "digitize.reason_required": _("Cần ghi rõ lý do không số hóa được."),
    "consult.question_required": _("Cần ghi nội dung xin ý kiến."),
    "consult.answer_required": _("Cần ghi ý kiến trả lời."),
    # Intake.
    "intake.version_not_in_force": _("Phiên bản thủ tục này không còn hiệu lực."),
    "intake.channel_not_offered": _("Thủ tục không nhận hồ sơ qua kênh “%(channel)s”."),
    "intake.not_a_reception_point": _("%(unit)s không phải điểm tiếp nhận hồ sơ."),
    "intake.not_competent": _("%(unit)s không có thẩm quyền giải quyết thủ tục này."),
    "intake.boundary_bound": _(
        "Thủ tục này phụ thuộc địa giới hành chính: hồ sơ phải nộp tại nơi tiếp nhận hồ sơ của "
        "cơ quan có thẩm quyền."
    ),
    "intake.no_receiving_point": _("%(unit)s chưa có nơi tiếp nhận hồ sơ."),
    "intake.helper_without_consent": _(
        "Nộp thay chỉ dành cho thành viên tổ công nghệ số và phải ghi nhận sự đồng ý của người dân."
    ),
    "intake.no_workflow": _("Thủ tục này chưa có quy trình điện tử được công bố."),
    "intake.component_unknown": _("Chỉ được nộp giấy tờ thuộc thành phần hồ sơ của thủ tục."),
    "intake.not_reusable": _(
        "Chỉ giấy tờ có thể khai thác từ dữ liệu mới được ghi nhận là sẵn có."
    ),
    "intake.missing_required": _("Còn thiếu giấy tờ bắt buộc: %(names)s"),
    "declaration.missing": _("Hồ sơ cần có tờ khai điện tử của thủ tục."),
    "declaration.invalid": _("Tờ khai còn %(count)s chỗ cần sửa: %(first)s"),
    "declaration.unexpected": _("Thủ tục này không có tờ khai điện tử."),
    # Correcting an obvious error in a declaration (dossiers.actions.correct_declaration).
    "declaration.reason_required": _("Cần ghi rõ lý do sửa tờ khai."),
    "declaration.no_changes": _("Không có thông tin nào của tờ khai được sửa."),
    "declaration.unknown_field": _("Tờ khai không có trường “%(field)s”."),
    "declaration.locked": _(
        "%(field)s được lấy từ dữ liệu của Nhà nước (%(source)s), không sửa trên tờ khai: nếu "
        "sai, đề nghị cơ quan quản lý dữ liệu điều chỉnh."
    ),
    "declaration.schema_changed": _(
        "Biểu mẫu tờ khai của thủ tục đã khác biểu mẫu hồ sơ được khai; không sửa được tờ khai."
    ),
    # The result's data (the procedure's result schema), filled by the step that decides.
    "result_data.invalid": _("Dữ liệu kết quả còn %(count)s chỗ cần sửa: %(first)s"),
    "result_data.unexpected": _("Thủ tục này không có dữ liệu kết quả để điền."),
    "result_data.not_deciding": _(
        "Dữ liệu kết quả được điền ở bước cuối, khi phê duyệt hoặc ký kết quả."
    ),
    "intake.key_of_another": _("Mã nộp hồ sơ này thuộc một lần nộp khác."),
    # Files.
    "file.refused": _("%(component)s: %(detail)s"),
    "file.too_much": _(
        "Tổng dung lượng các tệp của hồ sơ (%(total).1f MB) vượt mức cho phép %(limit)d MB: "
        "hãy nén hoặc quét với độ phân giải thấp hơn."
    ),
    "file.result_refused": _("Tệp kết quả: %(detail)s"),
    "file.paper_scan_refused": _("Bản quét kết quả bản giấy: %(detail)s"),
    "signing.failed": _("Không lập được văn bản có chữ ký số: %(detail)s"),
    # Reception.
    "digitize.not_at_reception": _("Chỉ số hóa thành phần khi hồ sơ đang chờ tiếp nhận."),
    "digitize.online": _("Hồ sơ trực tuyến đã là bản điện tử, không cần số hóa."),
    "digitize.component_unknown": _("Chỉ được số hóa giấy tờ thuộc thành phần hồ sơ của thủ tục."),
    "digitize.from_data": _("%(component)s: đã có từ dữ liệu sẵn có, không cần bản giấy."),
    "accept.incomplete": _("Hồ sơ chưa đủ thành phần bắt buộc: %(names)s."),
    "supplement.wrong_documents": _("Cần nộp đủ và đúng các giấy tờ đã được yêu cầu bổ sung."),
    # The one-stop rules (refused and recorded for inspectors).
    "supplement.already_requested": _(
        "Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai."
    ),
    "supplement.incomplete_list": _(
        "Yêu cầu bổ sung phải nêu đầy đủ, một lần, mọi giấy tờ bắt buộc còn thiếu."
    ),
    "supplement.outside_legal_list": _(
        "Chỉ được yêu cầu giấy tờ thuộc thành phần hồ sơ theo quy định của thủ tục."
    ),
    "supplement.already_held": _(
        "Không được yêu cầu giấy tờ đã có trong cơ sở dữ liệu: %(names)s."
    ),
    "apology.already_issued": _("Mỗi hồ sơ chỉ được xin lỗi và hẹn lại một lần."),
    "apology.too_late": _("Đã quá hạn: văn bản xin lỗi phải gửi trước ngày hẹn trả kết quả."),
    # Processing.
    "step.none": _("Hồ sơ không ở bước xử lý nào."),
    "step.action_not_allowed": _("Bước “%(step)s” không cho phép thao tác này."),
    "step.last": _("Đây là bước cuối: cần phê duyệt hoặc ký kết quả."),
    "step.first": _("Đây là bước đầu tiên, không có bước trước."),
    "assign.not_in_role": _("%(officer)s không giữ vai trò của bước này tại đơn vị."),
    "consult.same_unit": _("Chọn một đơn vị khác để xin ý kiến."),
    "consult.already_answered": _("Yêu cầu xin ý kiến này đã được trả lời."),
    "consult.cancelled": _("Yêu cầu xin ý kiến này đã được hủy."),
    "apology.no_due_date": _("Hồ sơ chưa có ngày hẹn trả."),
    "result.population_update": _(
        "Chưa cập nhật được Cơ sở dữ liệu quốc gia về dân cư từ kết quả này: %(detail)s"
    ),
    "result.nothing_to_certify": _(
        "Hồ sơ chưa có tệp của thành phần số %(position)s: không có giấy tờ để chứng thực."
    ),
    "result.paper_required": _(
        "Kết quả của thủ tục này phải có bản giấy: tải lên bản quét bản giấy đã ký, "
        "đóng dấu trước khi trả."
    ),
    # The state machine and concurrent changes.
    "transition.illegal": _("Không thể '%(action)s' khi hồ sơ đang ở trạng thái '%(status)s'."),
    "dossier.changed": _("Hồ sơ vừa được người khác cập nhật; vui lòng tải lại trang và thử lại."),
    # Permission: who may do what (dossiers.access).
    "permission.step_holder": _("Bạn không giữ vai trò của bước này tại đơn vị xử lý."),
    "permission.assigned_to_other": _("Hồ sơ đã được giao cho cán bộ khác."),
    "permission.desk_only": _("Chỉ cán bộ một cửa của đơn vị tiếp nhận được làm việc này."),
    "permission.leader_assigns": _("Chỉ lãnh đạo đơn vị đang xử lý được phân công hồ sơ."),
    "permission.apology": _("Chỉ lãnh đạo hoặc người đang giữ hồ sơ được xin lỗi, hẹn lại."),
    "permission.consulted_unit": _("Chỉ chuyên viên hoặc lãnh đạo của đơn vị được hỏi ý kiến."),
    "permission.stop": _("Chỉ cán bộ một cửa hoặc lãnh đạo đơn vị có thẩm quyền."),
    "permission.withdraw": _("Chỉ người đứng tên hồ sơ được xin rút hồ sơ."),
    "permission.system_only": _("Thao tác này chỉ do hệ thống thực hiện."),
    "permission.not_for_integration": _(
        "Hệ thống kết nối “%(system)s” không được thực hiện thao tác này."
    ),
}


class DossierError(ValueError):
    """A request the rules refuse: ``code`` is stable, ``str()`` is the message for the person
    who made it, in the active language."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown error code {code!r}: add it to dossiers.errors.MESSAGES")
        self.code, self.params = code, params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params

    def __str__(self) -> str:
        return self.message


class DeclarationInvalid(DossierError):
    """A declaration its schema refuses: ``errors`` has each field's problems, by data path
    (``mother.id_number``), for the face to show at the field."""

    def __init__(self, errors: Mapping[str, Sequence[Any]]) -> None:
        self.errors = {path: list(found) for path, found in errors.items()}
        first = next(iter(self.errors.values()))[0]
        super().__init__("declaration.invalid", count=len(self.errors), first=str(first))


class ResultDataInvalid(DossierError):
    """Result data the procedure's result schema refuses: ``errors`` as in
    ``DeclarationInvalid``, by data path (``register.number``)."""

    def __init__(self, errors: Mapping[str, Sequence[Any]]) -> None:
        self.errors = {path: list(found) for path, found in errors.items()}
        first = next(iter(self.errors.values()))[0]
        super().__init__("result_data.invalid", count=len(self.errors), first=str(first))


class RuleViolation(DossierError):
    """An unlawful act (a one-stop rule broken) the system refuses and records for inspectors."""


class NotPermitted(DossierError, PermissionDenied):
    """Whoever asked may not do this to this dossier. Also a ``PermissionDenied``, so a face
    that lets it through answers 403."""


class IllegalTransition(DossierError):
    """The action is not in the transition table for the dossier's status."""

    def __init__(self, status: str, action: str, *, status_label: str, action_label: str) -> None:
        self.status, self.action = status, action
        super().__init__("transition.illegal", status=status_label, action=action_label)


class Conflict(DossierError):
    """The dossier changed while the action prepared its work (another officer acted first)."""


# The HTTP status a face or the API answers with for each kind of refusal (most specific first).
HTTP_STATUS: tuple[tuple[type[DossierError], int], ...] = (
    (NotPermitted, 403),
    (IllegalTransition, 409),
    (Conflict, 409),
    (RuleViolation, 422),
    (DossierError, 400),
)


def http_status(error: DossierError) -> int:
    return next(status for kind, status in HTTP_STATUS if isinstance(error, kind))
