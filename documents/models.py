"""Issued electronic documents, the applicant's data store, and document templates as data.

``IssuedDocument`` is every signed PDF the system gives out — slips, results, certified
digitized copies — stored once (content-addressed) with its SHA-256 and a public code printed
in its QR. It knows nothing of dossiers: ``reference`` says in plain text what it is about
(the dossier's code), and the links to a dossier, its slip or component are rows of
``dossiers.DossierDocument``, written by ``dossiers`` with the document.

``StoredDocument`` is the applicant's data store (kho dữ liệu, R3): results and certified
copies, reusable in later dossiers. ``DocumentTemplate`` holds the layouts an
administrator may adjust; every change is a new version, and each issued document records
the version it was rendered from.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import GovernmentUnit

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def new_document_code() -> str:
    """``VB-XXXX-XXXX-XXXX``: 60 random bits, unguessable, easy to read out at a desk."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"VB-{body[:4]}-{body[4:8]}-{body[8:]}"


class IssuedDocument(models.Model):
    class Kind(models.TextChoices):
        SLIP = "slip", _("Phiếu")
        RESULT = "result", _("Kết quả giải quyết")
        CERTIFIED_COPY = "certified_copy", _("Bản sao điện tử được chứng thực từ bản giấy")
        DECLARATION = "declaration", _("Tờ khai điện tử")

    code = models.CharField(_("mã văn bản"), max_length=20, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tên văn bản"), max_length=500)
    # What the document is about, as its issuer names it (the dossier's code), shown on the
    # public verification page; plain text so that this app imports no app above it.
    reference = models.CharField(_("tham chiếu"), max_length=100, blank=True)
    issuer = models.ForeignKey(GovernmentUnit, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("ngày ban hành"))
    file = models.FileField(_("tệp"), upload_to="issued/")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    signers = models.JSONField(_("người ký"), default=list)
    level = models.CharField(_("mức chữ ký"), max_length=8)
    template = models.CharField(_("mẫu"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("văn bản điện tử đã ban hành")
        verbose_name_plural = _("văn bản điện tử đã ban hành")
        ordering = ["issued_at"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("An issued document is never changed; issue a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("An issued document is never deleted.")


class StoredDocument(models.Model):
    """One entry of an applicant's data store, keyed by their personal ID number."""

    owner_id_number = models.CharField(_("số định danh của chủ sở hữu"), max_length=12)
    document_type = models.SlugField(_("loại giấy tờ"), max_length=60, blank=True)
    title = models.CharField(_("tên giấy tờ"), max_length=500)
    document = models.ForeignKey(IssuedDocument, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("đưa vào kho lúc"))
    valid_until = models.DateField(_("có giá trị đến"), null=True, blank=True)
    # What the document says about its owner, as data (a result's declared and decided data),
    # so that the next declaration is filled from it rather than asked again (R3).
    data = models.JSONField(_("dữ liệu của giấy tờ"), default=dict, blank=True)

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu của người dân")
        ordering = ["-added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_id_number", "document"], name="stored_document_once"
            )
        ]
        indexes = [
            models.Index(fields=["owner_id_number", "document_type"], name="stored_owner_type")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id_number}: {self.title}"


class DocumentTemplate(models.Model):
    """A layout (Django template source) for a slip or a result; each save is a new version."""

    key = models.CharField(
        _("mẫu"),
        max_length=120,
        help_text=_("Ví dụ: slip/receipt, result/default, result/<mã thủ tục>."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), editable=False)
    body = models.TextField(_("nội dung mẫu (Django template)"))
    note = models.CharField(_("ghi chú thay đổi"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="document_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A template version is never changed; save a new version.")
        super().save(*args, **kwargs)
