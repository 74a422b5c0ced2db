"""The notification outbox: a row per message, written in the transaction of the event that
causes it, delivered after commit by a task (or, if that enqueue was lost, by the worker's
sweep), retried with backoff, with its delivery status. Also the worker's lease, by which
tasks left RUNNING by a dead worker are found and run again (notifications.worker)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Channel(models.TextChoices):
        CONSOLE = "console", _("Nhật ký hệ thống (console)")
        SMS = "sms", _("Tin nhắn SMS")
        EMAIL = "email", _("Thư điện tử")
        IN_APP = "in_app", _("Trong ứng dụng")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    channel = models.CharField(_("kênh"), max_length=12, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("địa chỉ nhận"), max_length=200, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    # Ids, not foreign keys: a message is a record of what was sent, and must neither block
    # deleting or partitioning dossiers and their events nor tie this low app to the dossiers
    # app (see the import layers). The dossier's and event's ids, when the message is about one.
    dossier_id = models.BigIntegerField(_("hồ sơ (mã số)"), null=True, blank=True, db_index=True)
    event_id = models.BigIntegerField(_("sự kiện (mã số)"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker may (next) try it: now for a new message; pushed forward by a claim (the
    # claiming worker's lease: if it dies, the message is due again when that lease ends) and
    # by a temporary failure (backoff with jitter).
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        indexes = [
            # The worker's sweep (and the replay command) read only what is still queued,
            # in order of when it is due.
            models.Index(
                fields=["next_attempt_at"], name="notification_due", condition=Q(status="queued")
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address or self.recipient_id}: {self.subject}"


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
