"""Dossiers (hồ sơ), their components, events, consultations and official slips.

Nothing outside ``dossiers/actions/`` changes a dossier's status: each action locks the row,
checks the rule, changes state and writes one ``DossierEvent`` (built by its function in
``dossiers.events``) in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from catalog.models import Channel, Component, ProcedureVersion, Workflow, WorkflowStep
from units.models import GovernmentUnit


class Status(models.TextChoices):
    """Internal states; ``dossiers.workflow.NATIONAL_CODE`` maps each onto the portal's ten."""

    SUBMITTED = "submitted", _("Mới đăng ký, chờ tiếp nhận")
    SUPPLEMENT_AT_RECEPTION = "supplement_at_reception", _("Chờ bổ sung để tiếp nhận")
    REFUSED = "refused", _("Không được tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    CONSULTING = "consulting", _("Đang xin ý kiến đơn vị khác")
    SUPPLEMENT_IN_PROCESS = "supplement_in_process", _("Chờ bổ sung, tạm dừng tính thời hạn")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân xin rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    DONE = "done", _("Đã có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")


# The sets of statuses the rules speak of, each defined here once (and imported everywhere).
# At reception the front desk of the receiving unit decides, before any step is entered.
AT_RECEPTION = frozenset({Status.SUBMITTED, Status.SUPPLEMENT_AT_RECEPTION})
# On a workflow step (the processing inboxes), paused or not.
AT_A_STEP = frozenset({Status.IN_PROGRESS, Status.CONSULTING, Status.SUPPLEMENT_IN_PROCESS})
# The clock runs; it is paused while a supplement is awaited. Ordered for the partial index.
_CLOCK_RUNNING = (Status.IN_PROGRESS, Status.CONSULTING, Status.WITHDRAWAL_REQUESTED)
CLOCK_RUNNING = frozenset(_CLOCK_RUNNING)
# Waiting at the desk to be handed over (a result) or closed (a withdrawal).
AT_RETURN = frozenset({Status.DONE, Status.WITHDRAWAL_REQUESTED})
# Finished: nothing more happens to the dossier.
CLOSED = frozenset({Status.REFUSED, Status.STOPPED, Status.RETURNED})


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Giải quyết")
    REJECTED = "rejected", _("Từ chối giải quyết")


class DeadlineState(models.TextChoices):
    ON_TIME = "on_time", _("Còn hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    workflow = models.ForeignKey(
        Workflow, verbose_name=_("quy trình"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.PositiveSmallIntegerField(_("kênh nộp"), choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status.choices)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices, blank=True)
    result_summary = models.TextField(_("nội dung kết quả"), blank=True)

    # The applicant, as stated on the dossier (an account is linked when there is one).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    applicant_name = models.CharField(_("họ tên người nộp"), max_length=200)
    applicant_id_number = models.CharField(_("số định danh"), max_length=12)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    form_data = models.JSONField(_("thông tin kèm theo"), default=dict, blank=True)
    # The e-form as declared (eforms.validate's cleaned data) under the version's schema,
    # pinned by its digest; where each prefilled value came from (data path -> source).
    declaration = models.JSONField(_("tờ khai điện tử"), default=dict, blank=True)
    declaration_sources = models.JSONField(default=dict, blank=True)
    declaration_schema_sha256 = models.CharField(max_length=64, blank=True)
    # What the officer preparing the result filled in (the version's result schema).
    result_data = models.JSONField(_("dữ liệu kết quả"), default=dict, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        # None: lodged by another system (the national portal), named in the first event.
        null=True,
        blank=True,
        related_name="+",
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hỗ trợ nộp (tổ công nghệ số)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assisted_dossiers",
    )
    consent_given_at = models.DateTimeField(_("người dân đồng ý lúc"), null=True, blank=True)
    consent_method = models.CharField(_("cách người dân đồng ý"), max_length=200, blank=True)

    receiving_unit = models.ForeignKey(
        GovernmentUnit,
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    competent_unit = models.ForeignKey(
        GovernmentUnit,
        verbose_name=_("đơn vị có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
    )

    # Where the dossier is now. Inboxes read these three columns (see the index below).
    current_step = models.ForeignKey(
        WorkflowStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_unit = models.ForeignKey(
        GovernmentUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
    )

    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính hạn từ"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("số ngày tạm dừng"), default=0)
    decided_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    apology_at = models.DateTimeField(_("xin lỗi, hẹn lại lúc"), null=True, blank=True)
    deadline_state = models.CharField(
        _("tình trạng thời hạn"),
        max_length=12,
        choices=DeadlineState.choices,
        default=DeadlineState.ON_TIME,
    )

    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_event_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at"]
        indexes = [
            # Officer inboxes: "dossiers at unit U for role R in status S".
            models.Index(fields=["current_unit", "current_role", "status"], name="dossier_inbox"),
            # Reception queues and result return at the desk.
            models.Index(fields=["receiving_unit", "status"], name="dossier_reception"),
            # The deadline scan reads only the dossiers whose mark may still change: clock
            # running, not yet overdue (those already overdue, however many, stay out of it).
            models.Index(
                fields=["due_at"],
                name="dossier_deadline_pending",
                condition=Q(
                    status__in=list(_CLOCK_RUNNING),
                    deadline_state__in=[DeadlineState.ON_TIME, DeadlineState.DUE_SOON],
                ),
            ),
            models.Index(fields=["applicant", "-submitted_at"], name="dossier_applicant"),
            # The three inbox queues, each in the order it is shown (dossiers.queries): the
            # first page is read in order from the unit's entries, without sorting the queue.
            models.Index(
                fields=["receiving_unit", "submitted_at"],
                name="dossier_queue_reception",
                condition=Q(status__in=sorted(AT_RECEPTION)),
            ),
            models.Index(
                fields=["current_unit", "due_at"],
                name="dossier_queue_step",
                condition=Q(status__in=sorted(AT_A_STEP)),
            ),
            models.Index(
                fields=["receiving_unit", "decided_at"],
                name="dossier_queue_return",
                condition=Q(status__in=sorted(AT_RETURN)),
            ),
            # Whether an officer may see a dossier reached from another row (the violations
            # list checks each event's dossier, access.visibility): from the index alone.
            models.Index(
                fields=["id", "receiving_unit", "competent_unit", "current_unit"],
                name="dossier_visibility",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def history(self) -> models.QuerySet[DossierEvent]:
        """This dossier's events. None is older than its submission (the first event is written
        with it), and saying so lets PostgreSQL read only the months since: the event table is
        partitioned by month (core/partitions.py), and without a bound on ``at`` a dossier's
        events are probed for in every month's index, planned for each."""
        return self.events.filter(at__gte=self.submitted_at)

    @property
    def lookup_suffixes(self) -> set[str]:
        """What the public lookup accepts besides the code: last four of ID or phone."""
        digits = "".join(ch for ch in self.applicant_phone if ch in "0123456789")
        return {s for s in (self.applicant_id_number[-4:], digits[-4:]) if len(s) == 4}


class DossierComponent(models.Model):
    """One item of the procedure's legal list, as this dossier satisfies it."""

    class State(models.TextChoices):
        MISSING = "missing", _("Chưa có")
        PROVIDED = "provided", _("Đã nộp")
        FROM_DATA = "from_data", _("Khai thác từ dữ liệu sẵn có")
        REQUESTED = "requested", _("Được yêu cầu bổ sung")
        NOT_DIGITIZABLE = "not_digitizable", _("Không số hóa được")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("tình trạng"), max_length=16, choices=State.choices)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/", blank=True)
    source = models.CharField(_("nguồn"), max_length=100, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    # The issued document this item is: a certified copy made at the counter, or an earlier
    # result or copy reused from the applicant's data store (non-empty = reused, for the KPIs).
    certified_copy = models.CharField(_("mã bản sao điện tử"), max_length=20, blank=True)
    reused_document = models.CharField(_("dùng lại từ kho dữ liệu"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("thành phần của hồ sơ")
        verbose_name_plural = _("thành phần của hồ sơ")
        ordering = ["component__position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "component"], name="dossier_component_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.component.name}"


class CodeSequence(models.Model):
    """Last dossier number used by a receiving unit on a day (codes are gap-free per day)."""

    unit = models.ForeignKey(GovernmentUnit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="dossier_codeseq_uniq")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


class EventType(models.TextChoices):
    SUBMITTED = "submitted", _("Nộp hồ sơ")
    RECEIVED = "received", _("Tiếp nhận hồ sơ")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung hồ sơ")
    SUPPLEMENT_PROVIDED = "supplement_provided", _("Bổ sung hồ sơ")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    FORWARDED = "forwarded", _("Chuyển bước")
    SENT_BACK = "sent_back", _("Trả lại bước trước")
    ASSIGNED = "assigned", _("Phân công xử lý")
    CONSULTATION_REQUESTED = "consultation_requested", _("Xin ý kiến đơn vị khác")
    CONSULTATION_ANSWERED = "consultation_answered", _("Trả lời xin ý kiến")
    APPROVED = "approved", _("Phê duyệt")
    SIGNED = "signed", _("Ký kết quả")
    REJECTED = "rejected", _("Từ chối giải quyết")
    RESULT_RETURNED = "result_returned", _("Trả kết quả")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân xin rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    APOLOGY_ISSUED = "apology_issued", _("Xin lỗi và hẹn lại ngày trả kết quả")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    RULE_REFUSED = "rule_refused", _("Thao tác trái quy định bị hệ thống từ chối")
    DIGITIZED = "digitized", _("Số hóa thành phần hồ sơ")
    NOT_DIGITIZABLE = "not_digitizable", _("Ghi nhận thành phần không số hóa được")
    DECLARATION_CORRECTED = "declaration_corrected", _("Sửa thông tin trên tờ khai")


class DossierEvent(models.Model):
    """One entry of a dossier's history. Append-only and hash-chained per dossier: each row
    stores the hash of the one before, so an edit anywhere breaks the chain from there on."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=32, choices=EventType.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who acted: officer, applicant, helper, integration or system (dossiers.actors.ActorKind).
    # Empty on events written before actors had kinds; their hashes do not include it.
    actor_kind = models.CharField(max_length=12, blank=True)
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=16, blank=True)
    actor_unit = models.ForeignKey(
        GovernmentUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    step = models.ForeignKey(
        WorkflowStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)
    # What the timeline and slips show, in words; nothing reads facts back from it.
    parameters = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    # The facts lists and KPIs filter on, in typed columns (written by the builders of
    # ``dossiers.events``). Schema 1: an event written before these columns; migration 0008
    # filled them from its hashed parameters, so they are not in its hash (verification derives
    # them again and compares). Schema 2: written by the builders, facts included in the hash.
    schema = models.PositiveSmallIntegerField(default=1, editable=False)
    # The event records lateness: the overdue mark, a decision after the due date, or a step
    # left after its own due date.
    late = models.BooleanField(default=False)
    step_overdue = models.BooleanField(default=False)
    finished_late = models.BooleanField(default=False)
    # Where a delay is first recorded (overdue mark, or a late decision the scan had not seen):
    # whether an apology with a new date came first. Null elsewhere.
    without_apology = models.BooleanField(null=True, blank=True)
    # Who the event's deadline fact is attributed to (the delay, the apology, the due-soon
    # warning): the step, unit and officer holding the dossier then. PROTECT, like ``actor``:
    # an event is append-only and its facts are hashed, so nothing may null them afterwards;
    # officers leave by being deactivated. Indexed below, for the rows that have them.
    attributed_step = models.ForeignKey(
        WorkflowStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    attributed_unit = models.ForeignKey(
        GovernmentUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    attributed_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # On SUBMITTED: the channel, and how many components were reused from the applicant's data
    # store, taken from other data sources, or scanned and certified at the counter.
    channel = models.PositiveSmallIntegerField(null=True, blank=True, choices=Channel.choices)
    reused = models.PositiveSmallIntegerField(null=True, blank=True)
    from_data = models.PositiveSmallIntegerField(null=True, blank=True)
    # Components digitized by the event: the scans certified at submission, 1 on DIGITIZED.
    digitized = models.PositiveSmallIntegerField(null=True, blank=True)
    # On SUPPLEMENT_REQUESTED: the dossier's number of supplement requests, this one included.
    supplement_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # On RULE_REFUSED: the refusal's stable code (dossiers.errors).
    rule_code = models.CharField(max_length=64, blank=True)

    # The fact columns (attribute names), in the order the hash payload lists them.
    FACT_FIELDS = (
        "late",
        "step_overdue",
        "finished_late",
        "without_apology",
        "attributed_step_id",
        "attributed_unit_id",
        "attributed_officer_id",
        "channel",
        "reused",
        "from_data",
        "digitized",
        "supplement_count",
        "rule_code",
    )

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        ordering = ["dossier", "seq"]
        constraints = [
            # On PostgreSQL the table is partitioned by month and this key holds ``at`` too
            # (migration 0013, core.partitions); the dossier's row lock keeps one per position.
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_uniq")
        ]
        indexes = [
            # Inspectors and KPIs read events by type over a period.
            models.Index(fields=["type", "at"], name="dossier_event_type_at"),
            # The violations list (dossiers.queries.violations): late events and refused
            # unlawful attempts, newest first, read a page at a time by keyset; the dossier
            # is in the index, so the page's events are found without reading their rows.
            models.Index(
                fields=["-at", "-id", "dossier"],
                name="dossier_event_violations",
                condition=Q(late=True) | Q(type=EventType.RULE_REFUSED),
            ),
            # Delays (and apologies, warnings) attributed to a unit over a period.
            models.Index(
                fields=["attributed_unit", "at"],
                name="dossier_event_attr_unit",
                condition=Q(attributed_unit__isnull=False),
            ),
            # Delays attributed to an officer over a period.
            models.Index(
                fields=["attributed_officer", "at"],
                name="dossier_event_attr_officer",
                condition=Q(attributed_officer__isnull=False),
            ),
            # Delays attributed to a step of a workflow over a period.
            models.Index(
                fields=["attributed_step", "at"],
                name="dossier_event_attr_step",
                condition=Q(attributed_step__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Dossier events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Dossier events are append-only.")

    def compute_hash(self) -> str:
        payload = {
            "dossier": self.dossier_id,
            "seq": self.seq,
            "type": self.type,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "actor_role": self.actor_role,
            "actor_unit": self.actor_unit_id,
            "step": self.step_id,
            "from": self.from_status,
            "to": self.to_status,
            "reason": self.reason,
            "parameters": self.parameters,
            "prev": self.prev_hash,
        }
        if self.actor_kind:  # events from before actor kinds keep the hash they were given
            payload["actor_kind"] = self.actor_kind
        if self.schema >= 2:  # events from before the fact columns keep theirs too (``schema``)
            payload["schema"] = self.schema
            payload["facts"] = {name: getattr(self, name) for name in self.FACT_FIELDS}
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class Consultation(models.Model):
    """A request for another unit's opinion; the dossier waits (CONSULTING) for the answer."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    step = models.ForeignKey(WorkflowStep, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(GovernmentUnit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        GovernmentUnit, on_delete=models.PROTECT, related_name="consultations_received"
    )
    question = models.TextField(_("nội dung xin ý kiến"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField(_("hạn trả lời"))
    answer = models.TextField(_("ý kiến trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("xin ý kiến")
        verbose_name_plural = _("xin ý kiến")
        ordering = ["-requested_at"]
        indexes = [
            models.Index(
                fields=["to_unit"],
                name="consultation_open",
                condition=Q(answered_at__isnull=True, cancelled_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code} → {self.to_unit}"


class Slip(models.Model):
    """An official slip issued to the applicant, with all its content (rendered to PDF and
    signed by the documents module)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
        SUPPLEMENT = "supplement", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
        REFUSAL = "refusal", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
        APOLOGY = "apology", _("Văn bản xin lỗi và hẹn lại ngày trả kết quả")
        STOP = "stop", _("Thông báo dừng giải quyết hồ sơ")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="slips")
    kind = models.CharField(_("loại phiếu"), max_length=12, choices=Kind.choices)
    issued_at = models.DateTimeField(_("ngày lập"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(GovernmentUnit, on_delete=models.PROTECT, related_name="+")
    # No foreign key in the database: on PostgreSQL the events are partitioned by month, and a
    # key can only refer to them with their month (core.partitions). Events are never deleted
    # nor changed (their model refuses both), so the slip's event cannot go missing.
    event = models.OneToOneField(
        DossierEvent, on_delete=models.PROTECT, related_name="slip", db_constraint=False
    )
    content = models.JSONField(_("nội dung"), default=dict)
    # The slip is also the outbox row of its signed PDF (dossiers.tasks): due now when it is
    # written, pushed forward by the claiming worker's lease or by backoff after a failure, and
    # null once the document is issued. Changed only by conditional UPDATEs (never save()).
    document_due_at = models.DateTimeField(
        _("lập văn bản lúc"), null=True, blank=True, default=timezone.now, editable=False
    )
    document_attempts = models.PositiveSmallIntegerField(
        _("số lần lập văn bản"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("phiếu")
        verbose_name_plural = _("phiếu")
        ordering = ["issued_at"]
        indexes = [
            # The worker's sweep reads only the slips whose document is still to be issued.
            models.Index(
                fields=["document_due_at"],
                name="slip_document_due",
                condition=Q(document_due_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.dossier.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("An issued slip is never changed; issue a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("An issued slip is never deleted.")


class Draft(models.Model):
    """An online application not yet submitted, saved by its author."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dossier_drafts"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submitted = models.OneToOneField(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.procedure_version_id}"


class DraftFile(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="drafts/%Y/%m/")
    original_name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "component"], name="draft_file_uniq")
        ]

    def __str__(self) -> str:
        return self.original_name or str(self.file.name)


class ChainAnchor(models.Model):
    """One signed anchor of every dossier's event chain (see ``dossiers.anchors``).

    An index only: the authority is the signed manifest exported to ``MOTCUA_ANCHOR_DIR``,
    outside the tables it covers. Verification compares rows and files both ways, so a row
    deleted while its file remains, or a file gone or changed under its row, is reported.
    """

    created_at = models.DateTimeField(_("neo lúc"), unique=True)
    name = models.CharField(_("tên tệp"), max_length=100, unique=True)
    signer_unit = models.CharField(_("đơn vị ký"), max_length=20)
    dossier_count = models.PositiveIntegerField(_("số hồ sơ"))
    heads_sha256 = models.CharField(max_length=64)
    manifest_sha256 = models.CharField(max_length=64)
    signature_sha256 = models.CharField(max_length=64)
    timestamped = models.BooleanField(_("có dấu thời gian"), default=False)

    class Meta:
        verbose_name = _("neo chuỗi sự kiện")
        verbose_name_plural = _("neo chuỗi sự kiện")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A chain anchor is never changed; make a new one.")
        super().save(*args, **kwargs)


class DossierDocument(models.Model):
    """A document issued for a dossier: the result, a slip's PDF, a certified copy of one of
    its components. The links live here rather than on ``documents.IssuedDocument``, which
    signs, stores and verifies PDFs and knows nothing of dossiers. Written with the document
    in one transaction (``dossiers.issued``) and, like it, never changed."""

    # No index of its own: the index below starts with the dossier.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="document_links", db_index=False
    )
    document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="dossier_link"
    )
    # Unique: one document per slip; a second issuing that loses the race fails here and
    # returns the first (``dossiers.slips.issue_slip``).
    slip = models.OneToOneField(
        Slip, on_delete=models.PROTECT, null=True, blank=True, related_name="document_link"
    )
    # The paper component a certified copy digitizes.
    component = models.ForeignKey(
        DossierComponent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certified_copy_links",
    )

    class Meta:
        verbose_name = _("văn bản của hồ sơ")
        verbose_name_plural = _("văn bản của hồ sơ")
        indexes = [
            # A dossier's documents (its pages list them, the kind filtered on the joined
            # document): the dossier's document ids are read from the index alone.
            models.Index(fields=["dossier", "document"], name="dossier_documents"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.document_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A dossier's document link is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("A dossier's document link is never deleted.")


class RegisterSequence(models.Model):
    """The last number a deciding body used in one register (sổ) in one year: numbers start
    again at 1 each year and follow each other without gaps (``dossiers.registers``)."""

    body = models.ForeignKey(GovernmentUnit, on_delete=models.CASCADE, related_name="+")
    register_code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["body", "register_code", "year"], name="dossier_regseq_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.register_code} {self.year}: {self.last}"


class RegisterEntry(models.Model):
    """The number of a dossier's result in its deciding body's register: "Số: 12/2026/KS".

    Reserved once per dossier before the result is rendered and signed, and kept when that
    decision has to be made again (a retry prints the same number)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="register_entry")
    body = models.ForeignKey(
        GovernmentUnit,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    register_code = models.CharField(_("mã sổ"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    reserved_at = models.DateTimeField(_("lấy số lúc"))

    class Meta:
        verbose_name = _("số đăng ký kết quả")
        verbose_name_plural = _("số đăng ký kết quả")
        constraints = [
            # One dossier per number: the sequence gives each number once.
            models.UniqueConstraint(
                fields=["body", "register_code", "year", "number"], name="dossier_register_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """As printed on the result: ``<number>/<year>/<register code>``."""
        return f"{self.number}/{self.year}/{self.register_code}"
