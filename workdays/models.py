from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DayOverride(models.Model):
    """An official day swap or extra day off that an administrator enters for one date.

    It overrides both the weekend rule and the public holidays of the ``holidays`` package:
    a ``work`` row makes a Saturday a working day (làm bù), an ``off`` row gives a day off.
    """

    class Kind(models.TextChoices):
        WORK = "work", _("Ngày làm việc (làm bù)")
        OFF = "off", _("Ngày nghỉ")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("tên, lý do"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày hoán đổi / nghỉ thêm")
        verbose_name_plural = _("ngày hoán đổi / nghỉ thêm")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}: {self.name}"
