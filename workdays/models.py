from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DayOverride(models.Model):
    """A single date made a working day or a day off by an administrator (an extra day off).

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
        verbose_name = _("ngày làm việc / nghỉ thêm riêng lẻ")
        verbose_name_plural = _("ngày làm việc / nghỉ thêm riêng lẻ")
        ordering = ["date"]

    def __str__(self) -> str:
        from workdays.dates import describe_day

        return f"{describe_day(self.date)} {self.get_kind_display()}: {self.name}"

    def clean(self) -> None:
        if self.date is not None and (
            DaySwap.objects.filter(
                models.Q(worked_date=self.date) | models.Q(off_date=self.date)
            ).exists()
        ):
            from workdays.dates import describe_day

            raise ValidationError(
                {
                    "date": ValidationError(
                        _("%(day)s đã là một ngày hoán đổi: sửa ở mục ngày hoán đổi (làm bù)."),
                        code="already_swapped",
                        params={"day": describe_day(self.date)},
                    )
                }
            )


# How far apart the two days of one swap may lie. The Labour Code (2019, art. 112) and the
# annual notice of the Ministry that announces each swap pair a weekday off next to a holiday
# with a Saturday worked in the weeks around it; a pair months apart is a typing mistake.
MAX_SWAP_DISTANCE_DAYS = 60


class DaySwap(models.Model):
    """An official swap (hoán đổi ngày làm việc): a weekend day worked for a weekday off.

    The two days are one record, entered in one form and shown together; the calendar makes
    ``worked_date`` a working day and ``off_date`` a day off.
    """

    worked_date = models.DateField(
        _("ngày đi làm bù"),
        unique=True,
        help_text=_("Thứ Bảy hoặc Chủ nhật đi làm, dạng ngày/tháng/năm, ví dụ 13/02/2027."),
    )
    off_date = models.DateField(
        _("ngày được nghỉ"),
        unique=True,
        help_text=_("Ngày làm việc được nghỉ thay, dạng ngày/tháng/năm, ví dụ 12/02/2027."),
    )
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
        verbose_name = _("ngày hoán đổi (làm bù)")
        verbose_name_plural = _("ngày hoán đổi (làm bù)")
        ordering = ["worked_date"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(worked_date=models.F("off_date")),
                name="workdays_dayswap_two_different_days",
            )
        ]

    def __str__(self) -> str:
        from workdays.dates import describe_day

        return gettext("%(worked)s làm bù cho %(off)s") % {
            "worked": describe_day(self.worked_date),
            "off": describe_day(self.off_date),
        }

    def clean(self) -> None:
        from workdays.calendar import WorkCalendar
        from workdays.dates import describe_day

        worked, off = self.worked_date, self.off_date
        if worked is None or off is None:
            return
        errors: dict[str, list[ValidationError]] = {}
        if worked == off:
            errors.setdefault("off_date", []).append(
                ValidationError(_("Ngày được nghỉ phải khác ngày đi làm bù."), code="same_day")
            )
        if abs((worked - off).days) > MAX_SWAP_DISTANCE_DAYS:
            errors.setdefault("off_date", []).append(
                ValidationError(
                    _(
                        "Hai ngày hoán đổi cách nhau quá %(limit)s ngày: kiểm tra lại ngày "
                        "(viết ngày/tháng/năm)."
                    ),
                    code="too_far_apart",
                    params={"limit": MAX_SWAP_DISTANCE_DAYS},
                )
            )
        others = DaySwap.objects.exclude(pk=self.pk)
        for field, day in (("worked_date", worked), ("off_date", off)):
            if (
                others.filter(models.Q(worked_date=day) | models.Q(off_date=day)).exists()
                or DayOverride.objects.filter(date=day).exists()
            ):
                errors.setdefault(field, []).append(
                    ValidationError(
                        _("%(day)s đã có trong lịch (ngày hoán đổi hoặc ngày nghỉ thêm khác)."),
                        code="already_entered",
                        params={"day": describe_day(day)},
                    )
                )
        if not errors:
            calendar = WorkCalendar.load(exclude_swap=self.pk)
            if calendar.is_working_day(worked):
                errors["worked_date"] = [
                    ValidationError(
                        _("%(day)s đã là ngày làm việc: không cần làm bù."),
                        code="already_working",
                        params={"day": describe_day(worked)},
                    )
                ]
            if not calendar.is_working_day(off):
                errors["off_date"] = [
                    ValidationError(
                        _("%(day)s đã là ngày nghỉ: chọn một ngày làm việc để nghỉ thay."),
                        code="already_off",
                        params={"day": describe_day(off)},
                    )
                ]
        if errors:
            raise ValidationError(errors)
