"""The notification outbox: a row per message, written in the transaction of the event that
causes it, delivered after commit by a task (or, if that enqueue was lost, by the worker's
sweep), retried with backoff, with its delivery status. Also the worker's lease, by which
tasks left RUNNING by a dead worker are found and run again (notifications.worker)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one address through one channel, with its delivery status.

    Statuses are GOV.UK Notify's (notifications.channels.base). ``next_attempt_at`` is set
    while something remains to be done (a first send, a retry, a resend after a temporary
    failure, a claim's lease) and empty once the message is settled: the worker's sweep reads
    only rows where it is set and due."""

    class Channel(models.TextChoices):
        CONSOLE = "console", _("Nhật ký hệ thống (console)")
        SMS = "sms", _("Tin nhắn SMS")
        EMAIL = "email", _("Thư điện tử")
        ZALO = "zalo", _("Zalo ZNS")
        IN_APP = "in_app", _("Trong ứng dụng")

    class Status(models.TextChoices):
        CREATED = "created", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        DELIVERED = "delivered", _("Đã nhận")
        TEMPORARY_FAILURE = "temporary-failure", _("Chưa nhận được (lỗi tạm thời)")
        PERMANENT_FAILURE = "permanent-failure", _("Không gửi được (lỗi vĩnh viễn)")
        TECHNICAL_FAILURE = "technical-failure", _("Lỗi kỹ thuật")

    channel = models.CharField(_("kênh"), max_length=12, choices=Channel.choices)
    # The message's kind (notifications.kinds); "" for a message written by hand.
    kind = models.CharField(_("loại"), max_length=40, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("địa chỉ nhận"), max_length=200, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    html = models.TextField(_("nội dung HTML"), blank=True)
    # The values the template was filled with (for a fallback to another channel); purged
    # with the body.
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    template = models.ForeignKey(
        "MessageTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mẫu"),
    )
    template_version = models.PositiveIntegerField(_("phiên bản mẫu"), null=True, blank=True)
    # Ids, not foreign keys: a message is a record of what was sent, and must neither block
    # deleting or partitioning dossiers and their events nor tie this low app to the dossiers
    # app (see the import layers). The dossier's and event's ids, when the message is about one.
    dossier_id = models.BigIntegerField(_("hồ sơ (mã số)"), null=True, blank=True, db_index=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=40, blank=True, db_index=True)
    event_id = models.BigIntegerField(_("sự kiện (mã số)"), null=True, blank=True)
    # The unit the message is sent for (its sender identity, its operators' page).
    unit_id = models.BigIntegerField(_("đơn vị (mã số)"), null=True, blank=True)
    # Exempt from quiet hours (a login code, a legal notice).
    urgent = models.BooleanField(_("gửi ngay cả ngoài giờ"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.CREATED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    # Tries of the current send (reset when a provider accepts it): the technical retries and
    # the dead-worker guard count these, so that resends after temporary failures do not use
    # them up.
    tries = models.PositiveSmallIntegerField(_("số lần thử của lần gửi này"), default=0)
    failure_code = models.CharField(_("mã lỗi"), max_length=40, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_id = models.CharField(_("mã của nhà cung cấp"), max_length=120, blank=True)
    segments = models.PositiveSmallIntegerField(_("số tin SMS"), default=0)
    # The message this one replaces on another channel (an SMS sent because ZNS could not).
    fallback_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fallbacks"
    )
    # A copy sent again by an operator.
    resend_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resends"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(
        _("gửi lần tới lúc"), null=True, blank=True, default=timezone.now
    )
    sent_at = models.DateTimeField(_("chuyển đi lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    body_purged_at = models.DateTimeField(_("xoá nội dung lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        indexes = [
            # The worker's sweep reads only what has something left to do, first due first.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=Q(next_attempt_at__isnull=False),
            ),
            # Receipts find their message by the provider's id.
            models.Index(fields=["channel", "provider_id"], name="notification_provider"),
            # The rate limit and the operators' search by phone or e-mail.
            models.Index(fields=["address", "created_at"], name="notification_address"),
            # The operators' page of a unit, newest first.
            models.Index(fields=["unit_id", "-created_at"], name="notification_unit"),
            # A person's message centre: their unread in-app messages.
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_inbox",
                condition=Q(channel="in_app"),
            ),
            # Receipts that never came (sending for too long).
            models.Index(
                fields=["sent_at"], name="notification_awaiting", condition=Q(status="sending")
            ),
            # Retention: bodies not yet purged, oldest first.
            models.Index(
                fields=["created_at"],
                name="notification_unpurged",
                condition=Q(body_purged_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address or self.recipient_id}: {self.subject}"

    @property
    def reference(self) -> str:
        """Our tracking id, given to providers and echoed in their receipts."""
        return f"motcua-{self.pk}"

    @property
    def settled(self) -> bool:
        return self.next_attempt_at is None and self.status != self.Status.SENDING


class MessageTemplate(models.Model):
    """The text of one kind of message on one channel in one language, one row per version.

    A version is never changed: saving an edit writes the next version, and each message
    records the version it was made from. The newest version is the one used."""

    class Language(models.TextChoices):
        VI = "vi", _("Tiếng Việt")
        EN = "en", _("Tiếng Anh")

    kind = models.CharField(_("loại thông báo"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=12, choices=Notification.Channel.choices)
    language = models.CharField(
        _("ngôn ngữ"), max_length=2, choices=Language.choices, default=Language.VI
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    # Zalo ZNS: the id of the template Zalo approved (its parameters are the placeholders).
    zns_template_id = models.CharField(_("mã mẫu ZNS"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["kind", "channel", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "language", "version"], name="message_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} / {self.channel} / {self.language} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Never stored with a placeholder its kind does not offer, whoever saves it."""
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The kind must exist and the text may use only its placeholders."""
        from notifications.kinds import KINDS
        from notifications.templating import TemplateProblem, check

        kind = KINDS.get(self.kind)
        if kind is None:
            raise ValidationError({"kind": _("Không có loại thông báo này.")}, code="unknown_kind")
        problems: dict[str, str] = {}
        for field in ("subject", "body"):
            try:
                check(getattr(self, field), kind.placeholders)
            except TemplateProblem as problem:
                problems[field] = str(problem)
        if problems:
            raise ValidationError(problems, code="unknown_placeholder")


class DeliveryReceipt(models.Model):
    """A delivery receipt a provider posted, signature checked, kept whether or not it changed
    its message: only the first receipt of a send counts; the others are recorded."""

    channel = models.CharField(_("kênh"), max_length=12, choices=Notification.Channel.choices)
    provider_id = models.CharField(_("mã của nhà cung cấp"), max_length=120)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="receipts"
    )
    outcome = models.CharField(_("kết quả"), max_length=20)
    detail = models.CharField(_("chi tiết"), max_length=200, blank=True)
    applied = models.BooleanField(_("đã áp dụng"), default=False)
    received_at = models.DateTimeField(_("nhận lúc"))

    class Meta:
        verbose_name = _("báo nhận")
        verbose_name_plural = _("báo nhận")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.channel} {self.provider_id}: {self.outcome}"


class ContactPreference(models.Model):
    """How a person wants to be told: the channels they accept and whether they want messages
    that are not essential (notifications.kinds). Essential ones always go."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_preference"
    )
    sms = models.BooleanField(_("nhận tin nhắn SMS"), default=True)
    email = models.BooleanField(_("nhận thư điện tử"), default=True)
    zalo = models.BooleanField(_("nhận tin Zalo"), default=True)
    non_essential = models.BooleanField(
        _("nhận cả thông báo không bắt buộc"),
        default=True,
        help_text=_("Mã đăng nhập và thông báo theo quy định về hồ sơ luôn được gửi."),
    )
    language = models.CharField(
        _("ngôn ngữ"),
        max_length=2,
        choices=MessageTemplate.Language.choices,
        default=MessageTemplate.Language.VI,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}"


class SenderProfile(models.Model):
    """A unit's sender identity and hours: its SMS brandname and e-mail From, whether its SMS
    go without diacritics, and the hours in which messages that are not urgent may go."""

    # The unit's id (units.GovernmentUnit), not a foreign key: this low app cannot import it.
    unit_id = models.BigIntegerField(_("đơn vị (mã số)"), unique=True)
    sms_brandname = models.CharField(_("tên thương hiệu SMS"), max_length=11, blank=True)
    email_from = models.CharField(_("địa chỉ gửi thư"), max_length=200, blank=True)
    sms_without_diacritics = models.BooleanField(
        _("gửi SMS không dấu"),
        default=False,
        help_text=_("Rẻ hơn: một tin không dấu chứa 160 ký tự, có dấu chỉ 70."),
    )
    quiet_after = models.TimeField(_("không gửi sau"), default=time(22, 0))
    quiet_until = models.TimeField(_("không gửi trước"), default=time(7, 0))

    class Meta:
        verbose_name = _("danh tính gửi của đơn vị")
        verbose_name_plural = _("danh tính gửi của đơn vị")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.sms_brandname or '-'}"


class WorkerLease(models.Model):
    """A running worker (``manage.py worker``), renewed by its heartbeat. A task RUNNING under
    a worker whose lease has ended (killed, host lost) is run again by another worker."""

    worker_id = models.CharField(_("mã tiến trình"), max_length=64, primary_key=True)
    host = models.CharField(_("máy"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("số tiến trình"))
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    renewed_at = models.DateTimeField(_("gia hạn lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))

    class Meta:
        verbose_name = _("tiến trình nền")
        verbose_name_plural = _("tiến trình nền")
        ordering = ["-renewed_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
