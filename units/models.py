from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from core.text import clean, fold
from units.codes import validate_unit_code


class AdministrativeUnit(models.Model):
    """A province or commune-level unit after 1 July 2025 (two tiers, no districts).

    Codes are those of the national statistics office, as the ``vietnam-provinces`` package
    carries them; ``units sync`` keeps this table equal to the installed package.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    code = models.PositiveIntegerField(_("mã"))
    name = models.CharField(_("tên"), max_length=120)
    division_type = models.CharField(_("loại"), max_length=40)
    codename = models.CharField(max_length=120)
    folded_name = models.CharField(max_length=120, editable=False)
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
        limit_choices_to={"level": "province"},
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code"]
        constraints = [
            # Province and commune codes are separate number spaces.
            models.UniqueConstraint(fields=["level", "code"], name="units_admin_level_code_uniq"),
            models.CheckConstraint(
                condition=Q(level="province", province__isnull=True)
                | Q(level="commune", province__isnull=False),
                name="units_admin_commune_has_province",
            ),
        ]

    def __str__(self) -> str:
        if self.level == self.Level.COMMUNE and self.province is not None:
            return f"{self.name}, {self.province.name}"
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = clean(self.name)
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)


class LegacyWard(models.Model):
    """A commune-level unit of the three-tier map before 1 July 2025, for old addresses."""

    code = models.PositiveIntegerField(_("mã cũ"), unique=True)
    name = models.CharField(_("tên cũ"), max_length=120)
    district_name = models.CharField(_("quận, huyện cũ"), max_length=120)
    province_name = models.CharField(_("tỉnh cũ"), max_length=120)
    folded_name = models.CharField(max_length=120, editable=False, db_index=True)
    successors = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("đơn vị mới"),
        related_name="legacy_sources",
        through="LegacyWardSuccessor",
    )

    class Meta:
        verbose_name = _("xã, phường trước 01/7/2025")
        verbose_name_plural = _("xã, phường trước 01/7/2025")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}, {self.district_name}, {self.province_name}"


class LegacyWardSuccessor(models.Model):
    """One new commune that (part of) a legacy ward became; a ward can be split in several."""

    legacy_ward = models.ForeignKey(LegacyWard, on_delete=models.CASCADE)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["legacy_ward", "unit"], name="units_legacy_succ_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.legacy_ward_id} → {self.unit_id}"


class GovernmentUnitQuerySet(models.QuerySet["GovernmentUnit"]):
    def with_receiving_point(self) -> GovernmentUnitQuerySet:
        """Units that have a ``receiving_point``: where a dossier for them can be lodged."""
        return self.filter(
            Q(receives_dossiers=True)
            | Q(receiving_unit__receives_dossiers=True, receiving_unit__is_active=True)
        )

    def received_at(self, desk: GovernmentUnit) -> GovernmentUnitQuerySet:
        """Units whose ``receiving_point`` is ``desk``: the desk itself and the bodies it
        receives dossiers for (none when ``desk`` is not an active receiving point)."""
        if not (desk.receives_dossiers and desk.is_active):
            return self.none()
        return self.filter(Q(pk=desk.pk) | Q(receiving_unit=desk, receives_dossiers=False))


class GovernmentUnit(models.Model):
    """A state body or service point: centre, branch, commune centre, police, department.

    Units form a tree (``parent``); ``path`` is the materialised list of ancestor ids
    ("/1/7/42/") so that "this unit and everything under it" is one indexed prefix query.

    A body that decides without a desk of its own (a commune People's Committee, the commune
    police) names the ``receiving_unit`` that receives dossiers on its behalf, the commune
    centre (Decree 118/2025: the centres receive, the competent bodies decide); see
    ``receiving_point``.
    """

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "committee", _("Ủy ban nhân dân")
        COMMUNE_COMMITTEE = "commune_committee", _("Ủy ban nhân dân cấp xã")
        PROVINCIAL_CENTER = "provincial_center", _("Trung tâm Phục vụ hành chính công cấp tỉnh")
        BRANCH = "branch", _("Chi nhánh Trung tâm Phục vụ hành chính công")
        COMMUNE_CENTER = "commune_center", _("Trung tâm Phục vụ hành chính công cấp xã")
        COMMUNE_POLICE = "commune_police", _("Công an cấp xã")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        OTHER = "other", _("Đơn vị khác")

    code = models.CharField(
        _("mã định danh"), max_length=20, unique=True, validators=[validate_unit_code]
    )
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="government_units",
    )
    receives_dossiers = models.BooleanField(_("là điểm tiếp nhận hồ sơ"), default=False)
    receiving_unit = models.ForeignKey(
        "self",
        verbose_name=_("nơi tiếp nhận hồ sơ thay"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_for",
        limit_choices_to={"receives_dossiers": True},
        help_text=_(
            "Với cơ quan không tự tiếp nhận hồ sơ: điểm tiếp nhận hồ sơ thay cho cơ quan "
            "(ví dụ Trung tâm Phục vụ hành chính công cấp xã cho Ủy ban nhân dân, Công an cấp xã)."
        ),
    )
    collective_leadership = models.BooleanField(
        _("lãnh đạo tập thể"),
        default=False,
        help_text=_(
            "Cơ quan làm việc theo chế độ tập thể (như Ủy ban nhân dân): người có thẩm quyền "
            "ký “TM.” (thay mặt) cơ quan."
        ),
    )
    head_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Chủ tịch, Trưởng Công an. In trong thể thức chữ ký."),
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    office_hours = models.CharField(
        _("giờ làm việc"),
        max_length=200,
        blank=True,
        help_text=_("Như công bố cho người dân, ví dụ: Thứ Hai – Thứ Sáu, 8:00–12:00, 13:00–17:00"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    objects = GovernmentUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @transaction.atomic
    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = clean(self.name)
        self.head_title = clean(self.head_title)
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)  # the path holds our own id, so insert first
            args, kwargs = (), {}
        parent_path = (
            GovernmentUnit.objects.values_list("path", flat=True).get(pk=self.parent_id)
            if self.parent_id
            else "/"
        )
        self.path = f"{parent_path}{self.pk}/"
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path"}
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Re-root the subtree in one statement: swap the old prefix for the new one.
            GovernmentUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1))
            )

    def clean(self) -> None:
        super().clean()
        self.name = clean(self.name)
        self.short_name = clean(self.short_name)
        self.head_title = clean(self.head_title)
        if self.pk and self.parent_id:
            parent = GovernmentUnit.objects.filter(pk=self.parent_id).only("path").first()
            if parent is not None and f"/{self.pk}/" in parent.path:
                raise ValidationError(
                    {"parent": _("Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới.")}
                )
        if self.receiving_unit_id is not None:
            if self.pk is not None and self.receiving_unit_id == self.pk:
                raise ValidationError(
                    {"receiving_unit": _("Đơn vị không tiếp nhận hồ sơ thay cho chính nó.")}
                )
            if self.receives_dossiers:
                raise ValidationError(
                    {
                        "receiving_unit": _(
                            "Đơn vị tự tiếp nhận hồ sơ thì không cần nơi tiếp nhận thay."
                        )
                    }
                )

    def subtree(self) -> models.QuerySet[GovernmentUnit]:
        return GovernmentUnit.objects.filter(path__startswith=self.path)

    def receiving_point(self) -> GovernmentUnit | None:
        """Where dossiers for this unit are lodged: the unit itself when it receives dossiers,
        else the active unit that receives them on its behalf; None when there is neither."""
        if self.receives_dossiers:
            return self
        point = self.receiving_unit
        if point is not None and point.receives_dossiers and point.is_active:
            return point
        return None


class FeeAccount(models.Model):
    """An account into which a unit collects fees and charges (phí, lệ phí) — R20."""

    unit = models.ForeignKey(
        GovernmentUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="fee_accounts",
    )
    bank_name = models.CharField(_("ngân hàng / kho bạc"), max_length=200)
    account_number = models.CharField(_("số tài khoản"), max_length=40)
    account_name = models.CharField(_("tên tài khoản"), max_length=200)
    is_default = models.BooleanField(_("mặc định"), default=True)

    class Meta:
        verbose_name = _("tài khoản thu phí, lệ phí")
        verbose_name_plural = _("tài khoản thu phí, lệ phí")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_default=True),
                name="units_one_default_fee_account",
            ),
            models.UniqueConstraint(
                fields=["bank_name", "account_number"], name="units_fee_account_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_number} — {self.bank_name}"
