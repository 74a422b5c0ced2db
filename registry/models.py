"""The population registry as MotCua sees it.

``Resident`` / ``ResidenceRecord``: the embedded registry — a stand-in for the national
population database, filled by the demo with synthetic residents (``registry.embedded``).
``AppliedUpdate``: the embedded registry's journal of the updates it recorded (by reference,
so that one sent again changes nothing). ``Lookup``: every query of the registry, whichever
implementation answered (Decree 13/2023: the person sees who looked at their data, when and
why). ``RegistryUpdate``: every decided change sent to the registry (birth, death, marriage,
residence), the outbox its delivery works from and its log. ``CorrectionRequest``: an
officer's request to the registry owner to correct data found wrong (R13).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit, GovernmentUnit, LegacyWard


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Chưa kết hôn")
    MARRIED = "married", _("Đã kết hôn")
    DIVORCED = "divorced", _("Đã ly hôn")
    WIDOWED = "widowed", _("Góa")


class Relation(models.TextChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ/chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Bố/mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    SIBLING = "sibling", _("Anh/chị/em")
    OTHER = "other", _("Khác")


class Resident(models.Model):
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, unique=True)
    old_id_number = models.CharField(_("số CMND cũ"), max_length=9, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    date_of_birth = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    marital_status = models.CharField(
        _("tình trạng hôn nhân"), max_length=12, choices=MaritalStatus.choices, blank=True
    )
    household = models.CharField(_("số hộ"), max_length=20, db_index=True)
    relation = models.CharField(_("quan hệ với chủ hộ"), max_length=10, choices=Relation.choices)
    permanent_address = models.CharField(_("nơi thường trú"), max_length=300)
    permanent_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", null=True
    )
    temporary_address = models.CharField(_("nơi tạm trú"), max_length=300, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=60, blank=True)
    nationality = models.CharField(_("quốc tịch"), max_length=60, blank=True)
    place_of_birth = models.CharField(_("nơi sinh"), max_length=300, blank=True)
    home_town = models.CharField(_("quê quán"), max_length=300, blank=True)
    date_of_death = models.DateField(_("ngày chết"), null=True, blank=True)
    place_of_death = models.CharField(_("nơi chết"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("công dân (dữ liệu dân cư nhúng)")
        verbose_name_plural = _("công dân (dữ liệu dân cư nhúng)")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.id_number})"


class ResidenceRecord(models.Model):
    """One period of residence: an address under the units of its time (a legacy ward
    before the 2025 reorganization, a new commune after)."""

    class Kind(models.TextChoices):
        PERMANENT = "permanent", _("Thường trú")
        TEMPORARY = "temporary", _("Tạm trú")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(_("loại cư trú"), max_length=10, choices=Kind.choices)
    address = models.CharField(_("địa chỉ"), max_length=300)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legacy_ward = models.ForeignKey(
        LegacyWard, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_date = models.DateField(_("từ ngày"))
    to_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["from_date"]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.address} ({self.from_date}–{self.to_date or ''})"


FIELD_LABELS = {
    "identity": _("nhân thân"),
    "permanent_residence": _("nơi thường trú"),
    "temporary_residence": _("nơi tạm trú"),
    "residence_history": _("quá trình cư trú"),
    "household": _("quan hệ hộ gia đình"),
    "marital_status": _("tình trạng hôn nhân"),
    "death": _("thông tin khai tử"),
}


class UpdateKind(models.TextChoices):  # registry.records.UpdateKind
    BIRTH = "birth", _("Khai sinh")
    DEATH = "death", _("Khai tử")
    MARRIAGE = "marriage", _("Kết hôn")
    RESIDENCE = "residence", _("Cư trú")


class AppliedUpdate(models.Model):
    """An update the embedded registry recorded: its reference is how the same update sent
    again is recognised (and given the same answer) rather than applied twice."""

    reference = models.CharField(_("tham chiếu"), max_length=100, unique=True)
    kind = models.CharField(_("loại cập nhật"), max_length=10, choices=UpdateKind.choices)
    payload = models.JSONField(_("nội dung"))
    requester = models.CharField(_("đơn vị yêu cầu"), max_length=20, blank=True)
    id_number = models.CharField(_("số định danh được cấp"), max_length=12, blank=True)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    applied_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("cập nhật đã ghi vào dữ liệu dân cư nhúng")
        verbose_name_plural = _("cập nhật đã ghi vào dữ liệu dân cư nhúng")
        ordering = ["-applied_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.reference}"


class Lookup(models.Model):
    class Outcome(models.TextChoices):
        FOUND = "found", _("Có dữ liệu")
        NOT_FOUND = "not_found", _("Không có dữ liệu")
        FAILED = "failed", _("Lỗi kết nối")

    at = models.DateTimeField(_("thời điểm"))
    id_number = models.CharField(_("số định danh được tra cứu"), max_length=12)
    purpose = models.CharField(_("mục đích"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(_("người tra cứu"), max_length=200)
    unit = models.ForeignKey(
        GovernmentUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The dossier the lookup was made for, by id rather than a foreign key (the registry sits
    # below the dossiers and does not import them; see the import layers). A plain id rather
    # than a link row in ``dossiers``: which dossier a lookup served is part of the lookup's own
    # record (Decree 13/2023), written by the connector with the rest of it, and dossiers are
    # never deleted. The faces show the dossier's code (``dossiers.queries.with_dossier_code``).
    dossier_id = models.BigIntegerField(_("hồ sơ (mã số)"), null=True, blank=True, db_index=True)
    source = models.CharField(_("nguồn"), max_length=20)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    fields = models.JSONField(_("thông tin được trả về"), default=list)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("lượt tra cứu dữ liệu dân cư")
        verbose_name_plural = _("nhật ký tra cứu dữ liệu dân cư")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["id_number", "-at"], name="registry_lookup_person"),
            models.Index(fields=["unit", "-at"], name="registry_lookup_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.id_number} — {self.purpose} ({self.at:%d/%m/%Y %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A lookup record is never changed.")
        super().save(*args, **kwargs)

    def field_labels(self) -> list[str]:
        return [str(FIELD_LABELS.get(name, name)) for name in self.fields]


class RegistryUpdate(models.Model):
    """A decided change sent to the population registry: written in the deciding transaction
    (``registry.updates.queue_update``), delivered after commit by a task or, if that is lost
    or fails, by the worker's sweep (``registry.delivery``); kept as the log of who changed
    whose data, for which dossier, and what the registry answered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        RETRYING = "retrying", _("Chưa gửi được, đang thử lại")
        APPLIED = "applied", _("Đã cập nhật")
        REFUSED = "refused", _("Bị từ chối")

    kind = models.CharField(_("loại cập nhật"), max_length=10, choices=UpdateKind.choices)
    payload = models.JSONField(_("nội dung"))
    reference = models.CharField(_("tham chiếu"), max_length=100, unique=True)
    # The ID numbers the update is about (space-separated: searchable in the admin).
    subjects = models.CharField(_("số định danh liên quan"), max_length=120, blank=True)
    # The dossier decided, by id (as ``Lookup.dossier_id``, for the same reasons).
    dossier_id = models.BigIntegerField(_("hồ sơ (mã số)"), null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("người quyết định"), max_length=200)
    unit = models.ForeignKey(
        GovernmentUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    # When a worker may (next) send it: now for a new row; pushed forward by a claim (to the
    # end of the claimer's lease) and by a failure (capped exponential backoff with jitter).
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    error_code = models.CharField(_("mã lỗi"), max_length=60, blank=True)
    source = models.CharField(_("nguồn"), max_length=20, blank=True)
    assigned_id_number = models.CharField(_("số định danh được cấp"), max_length=12, blank=True)
    message = models.CharField(_("trả lời của cơ sở dữ liệu"), max_length=300, blank=True)
    applied_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)

    OPEN = (Status.PENDING, Status.RETRYING)

    class Meta:
        verbose_name = _("cập nhật dữ liệu dân cư")
        verbose_name_plural = _("nhật ký cập nhật dữ liệu dân cư")
        ordering = ["-created_at"]
        indexes = [
            # The worker's sweep reads only what is still to send, in order of when it is due.
            models.Index(
                fields=["next_attempt_at"],
                name="registry_update_due",
                condition=Q(status__in=["pending", "retrying"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.reference}"


class CorrectionRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Đã gửi, chờ xử lý")
        CORRECTED = "corrected", _("Đã điều chỉnh")
        REJECTED = "rejected", _("Không điều chỉnh")

    id_number = models.CharField(_("số định danh"), max_length=12, db_index=True)
    field = models.CharField(
        _("thông tin cần điều chỉnh"),
        max_length=60,
        choices=[
            ("full_name", _("Họ và tên")),
            ("date_of_birth", _("Ngày sinh")),
            ("sex", _("Giới tính")),
            ("permanent_address", _("Nơi thường trú")),
            ("temporary_address", _("Nơi tạm trú")),
            ("marital_status", _("Tình trạng hôn nhân")),
            ("household", _("Quan hệ trong hộ")),
            ("other", _("Thông tin khác")),
        ],
    )
    current_value = models.CharField(_("giá trị hiện tại"), max_length=300, blank=True)
    proposed_value = models.CharField(_("giá trị đề nghị"), max_length=300)
    reason = models.TextField(_("căn cứ, lý do"))
    # The dossier the request was filed from, by id (as ``Lookup.dossier_id``, for the same
    # reasons): a fact of the request, filed by ``registry.corrections`` in one row.
    dossier_id = models.BigIntegerField(_("hồ sơ (mã số)"), null=True, blank=True, db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(GovernmentUnit, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("gửi lúc"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolution = models.TextField(_("kết quả xử lý"), blank=True)
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("đề nghị điều chỉnh dữ liệu dân cư")
        verbose_name_plural = _("đề nghị điều chỉnh dữ liệu dân cư")
        ordering = ["-filed_at"]
        indexes = [models.Index(fields=["status", "-filed_at"], name="registry_correction_open")]

    def __str__(self) -> str:
        return f"{self.id_number}: {self.field}"
