"""What the citizen reads of a dossier's history: one plain sentence per event type.

The event labels of ``dossiers.models.EventType`` are the officers' terms ("Chuyển bước",
"Phân công xử lý"); the citizen is told what happened to their dossier instead. The dossier page
and the public lookup both read their wording here, so every event type has exactly one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.models import Channel
from dossiers.actors import ActorKind
from dossiers.models import EventType

if TYPE_CHECKING:
    from dossiers.models import Dossier, DossierEvent

# One sentence per event type. ``{step}`` is the name of the step a dossier moved to.
WORDING: dict[str, Promise] = {
    EventType.SUBMITTED: _("Hồ sơ đã được nộp trực tuyến"),
    EventType.RECEIVED: _("Hồ sơ đã được tiếp nhận"),
    EventType.SUPPLEMENT_REQUESTED: _("Cơ quan yêu cầu bổ sung giấy tờ"),
    EventType.SUPPLEMENT_PROVIDED: _("Đã bổ sung giấy tờ theo yêu cầu"),
    EventType.REFUSED: _("Hồ sơ không được tiếp nhận"),
    EventType.FORWARDED: _("Hồ sơ được chuyển đến bước «{step}»"),
    EventType.SENT_BACK: _("Hồ sơ được chuyển lại bước «{step}» để xem xét lại"),
    EventType.ASSIGNED: _("Hồ sơ đã có cán bộ phụ trách giải quyết"),
    EventType.CONSULTATION_REQUESTED: _("Cơ quan đang hỏi ý kiến cơ quan khác về hồ sơ"),
    EventType.CONSULTATION_ANSWERED: _("Cơ quan được hỏi ý kiến đã trả lời"),
    EventType.APPROVED: _("Lãnh đạo đã phê duyệt hồ sơ"),
    EventType.SIGNED: _("Đã có kết quả"),
    EventType.REJECTED: _("Hồ sơ không được giải quyết"),
    EventType.RESULT_RETURNED: _("Đã trả kết quả"),
    EventType.WITHDRAWAL_REQUESTED: _("Đã gửi yêu cầu rút hồ sơ"),
    EventType.STOPPED: _("Cơ quan đã dừng giải quyết hồ sơ"),
    EventType.APOLOGY_ISSUED: _("Cơ quan xin lỗi vì trả kết quả chậm và hẹn lại ngày trả"),
    EventType.DUE_SOON: _("Hồ sơ sắp đến hạn trả kết quả"),
    EventType.OVERDUE: _("Hồ sơ đã quá hạn trả kết quả"),
    EventType.RULE_REFUSED: _("Hệ thống đã ngăn một thao tác không đúng quy định"),
    EventType.DIGITIZED: _("Giấy tờ nộp bản giấy đã được số hóa"),
    EventType.NOT_DIGITIZABLE: _("Có giấy tờ không số hóa được, cơ quan giữ bản giấy"),
    EventType.DECLARATION_CORRECTED: _("Thông tin trên tờ khai đã được sửa"),
}

# How the submission is worded, by channel (online is the default above).
SUBMITTED_BY_CHANNEL: dict[int, Promise] = {
    Channel.IN_PERSON: _("Hồ sơ đã được nộp trực tiếp tại Bộ phận Một cửa"),
    Channel.POST: _("Hồ sơ đã được gửi qua dịch vụ bưu chính công ích"),
}
SUBMITTED_BY_HELPER = _("Hồ sơ đã được Tổ công nghệ số cộng đồng nộp trực tuyến giúp")
# A step with no name recorded (events older than the parameter).
NEXT_STEP = _("tiếp theo")
# The public lookup (anyone with the code and four digits) is told that the dossier is being
# worked on, not the office's internal steps nor that it went back one.
MOVED_ON_IN_PUBLIC = _("Hồ sơ đang được giải quyết")
MOVES = {EventType.FORWARDED, EventType.SENT_BACK}


def wording(event: DossierEvent, dossier: Dossier, *, public: bool = False) -> str:
    """The sentence the citizen reads for ``event``, in the active language; ``public`` for
    the lookup, which does not name the office's internal steps."""
    if public and event.type in MOVES:
        return str(MOVED_ON_IN_PUBLIC)
    if event.type == EventType.SUBMITTED:
        # Events written before the channel column have it only on the dossier.
        channel = event.channel if event.channel is not None else dossier.channel
        if channel in SUBMITTED_BY_CHANNEL:
            return str(SUBMITTED_BY_CHANNEL[channel])
        if event.actor_kind == ActorKind.HELPER:
            return str(SUBMITTED_BY_HELPER)
    sentence = str(WORDING[event.type])
    if "{step}" in sentence:
        step = (event.parameters or {}).get("to_step") or str(NEXT_STEP)
        return sentence.format(step=step)
    return sentence


def shown_actor(event: DossierEvent, dossier: Dossier) -> str:
    """Who the timeline names: for a submission, the applicant's side — the officer who keyed
    in a dossier lodged at the counter did not submit it."""
    if event.type == EventType.SUBMITTED and event.actor_kind != ActorKind.HELPER:
        return dossier.applicant_name
    return event.actor_name
