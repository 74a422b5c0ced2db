"""Administrative procedures as the national TTHC database records them (DOMAIN §7).

A ``Procedure`` is the stable identity (national code); each ``ProcedureVersion`` holds every
field for one period of legal effect. A dossier pins the version it was received under, so a
catalog change never moves the deadline of a dossier already received.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from catalog import links
from core import clock
from core.text import clean
from eforms import schema as eforms_schema
from units.models import GovernmentUnit, GovernmentUnitQuerySet
from workdays.calendar import LimitUnit, TimeLimit

# ASCII digits only: \d would also take Arabic-Indic and other Unicode digits.
PROCEDURE_CODE_RE = re.compile(r"\A[0-9]\.[0-9]{6}\Z")
validate_procedure_code = RegexValidator(
    PROCEDURE_CODE_RE, _("Mã thủ tục có dạng một chữ số, dấu chấm, sáu chữ số (ví dụ 1.001193).")
)

# A register's code as printed after the number ("Số: 12/2026/KS"): capitals, digits, hyphens.
REGISTER_CODE_RE = re.compile(r"\A[A-Z0-9]+(?:-[A-Z0-9]+)*\Z")
validate_register_code = RegexValidator(
    REGISTER_CODE_RE,
    _("Mã sổ gồm chữ in hoa A-Z, chữ số và dấu gạch ngang (ví dụ KS, CT-BS)."),
)


class Level(models.TextChoices):
    CENTRAL = "central", _("Cấp trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Công dân Việt Nam")
    OVERSEAS_VIETNAMESE = "overseas_vietnamese", _("Người Việt Nam định cư ở nước ngoài")
    FOREIGNER = "foreigner", _("Người nước ngoài")
    ORGANIZATION = "organization", _("Tổ chức, doanh nghiệp")


class OnlineLevel(models.TextChoices):
    NONE = "none", _("Không có dịch vụ công trực tuyến")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")


class Channel(models.IntegerChoices):
    """KenhThucHien of the national portal."""

    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Dịch vụ bưu chính công ích")


class FeeKind(models.TextChoices):
    FEE = "phi", _("Phí")
    CHARGE = "le_phi", _("Lệ phí")


class Sector(models.Model):
    """Lĩnh vực: hộ tịch, chứng thực, cư trú…"""

    code = models.SlugField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    code = models.CharField(
        _("mã thủ tục"), max_length=8, unique=True, validators=[validate_procedure_code]
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        version = self.version_at()
        return f"{self.code} {version.name}" if version else self.code

    def version_at(self, day: date | None = None) -> ProcedureVersion | None:
        """The published version in force on ``day`` (today by default)."""
        return ProcedureVersion.objects.in_force(day).filter(procedure=self).first()


class ProcedureVersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def in_force(self, day: date | None = None) -> ProcedureVersionQuerySet:
        day = day or clock.today()
        return self.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day),
            status=ProcedureVersion.Status.PUBLISHED,
            effective_from__lte=day,
        )

    def performed_by(self, unit: GovernmentUnit) -> ProcedureVersionQuerySet:
        return self.filter(
            Q(performing_units=unit) | Q(performing_unit_kinds__contains=f"|{unit.kind}|")
        ).distinct()

    def handled_at(self, unit: GovernmentUnit) -> ProcedureVersionQuerySet:
        """Versions performed by ``unit`` or by a body it receives dossiers for (the commune
        centre: those of the commune's People's Committee and police)."""
        units = [unit, *GovernmentUnit.objects.received_at(unit).exclude(pk=unit.pk)]
        condition = Q(performing_units__in=[u.pk for u in units])
        for kind in sorted({u.kind for u in units}):
            condition |= Q(performing_unit_kinds__contains=f"|{kind}|")
        return self.filter(condition).distinct()


class ProcedureVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    effective_from = models.DateField(_("hiệu lực từ ngày"))
    effective_to = models.DateField(
        _("hiệu lực đến hết ngày"), null=True, blank=True, help_text=_("Để trống nếu còn hiệu lực.")
    )

    name = models.CharField(_("tên thủ tục"), max_length=500)
    level = models.CharField(_("cấp thực hiện"), max_length=12, choices=Level.choices)
    procedure_type = models.CharField(_("loại thủ tục"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions"
    )
    applicant_types = models.JSONField(_("đối tượng thực hiện"), default=list)
    deciding_body = models.CharField(_("cơ quan có thẩm quyền quyết định"), max_length=300)
    authorized_body = models.CharField(
        _("cơ quan được ủy quyền, phân cấp"), max_length=300, blank=True
    )
    performing_body = models.CharField(_("cơ quan trực tiếp thực hiện"), max_length=300)
    coordinating_body = models.CharField(_("cơ quan phối hợp"), max_length=300, blank=True)
    performing_units = models.ManyToManyField(
        GovernmentUnit,
        verbose_name=_("đơn vị thực hiện"),
        blank=True,
        related_name="procedure_versions",
    )
    # "|commune_committee|commune_police|": every unit of these kinds performs (decides) the
    # procedure, so a commune procedure does not need 126 rows per province. Pipes make a kind
    # match exactly. The units that receive dossiers for them are their receiving points.
    performing_unit_kinds = models.CharField(
        _("loại đơn vị thực hiện"), max_length=200, blank=True, editable=False
    )
    receiving_address = models.TextField(_("địa chỉ tiếp nhận hồ sơ"), blank=True)
    steps = models.TextField(_("trình tự thực hiện"))
    time_limit_value = models.PositiveIntegerField(_("thời hạn giải quyết"), default=0)
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=LimitUnit.choices
    )
    time_limit_note = models.TextField(_("ghi chú thời hạn"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list)
    result_name = models.CharField(_("kết quả thực hiện"), max_length=500)
    result_code = models.SlugField(
        _("mã kết quả"),
        max_length=40,
        blank=True,
        help_text=_(
            "Loại giấy tờ của kết quả, để dùng lại ở thủ tục khác (kho dữ liệu). Chỉ đặt khi "
            "kết quả là giấy tờ của chính người nộp (không đặt cho khai sinh của con, khai tử)."
        ),
    )
    result_valid_months = models.PositiveSmallIntegerField(
        _("kết quả có giá trị (tháng)"), null=True, blank=True
    )
    result_is_paper = models.BooleanField(_("kết quả bản giấy theo quy định"), default=False)
    register_code = models.CharField(
        _("mã sổ đăng ký kết quả"),
        max_length=20,
        blank=True,
        validators=[validate_register_code],
        help_text=_(
            "Sổ mà cơ quan giải quyết ghi số kết quả (ví dụ KS: khai sinh; CT-BS: chứng thực "
            "bản sao). Để trống: dùng mã thủ tục."
        ),
    )
    publishing_decision = models.CharField(_("quyết định công bố"), max_length=300, blank=True)
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"), max_length=8, choices=OnlineLevel.choices
    )
    full_online_eligible = models.BooleanField(_("đủ điều kiện trực tuyến toàn trình"))
    boundary_free = models.BooleanField(_("không phụ thuộc địa giới hành chính"), default=False)
    # The e-forms (eforms.schema): what the applicant declares, and what the officer preparing
    # the result fills in (register entry, validity…). Empty: the procedure has none.
    declaration_schema = models.JSONField(_("biểu mẫu tờ khai điện tử"), default=dict, blank=True)
    result_schema = models.JSONField(_("biểu mẫu dữ liệu kết quả"), default=dict, blank=True)
    # What the decided result does with the data (catalog/links.py): the registry update it
    # makes, and whose data stores it goes to.
    population_update = models.JSONField(
        _("cập nhật cơ sở dữ liệu dân cư"), default=dict, blank=True
    )
    result_holders = models.JSONField(
        _("người được lưu kết quả vào kho dữ liệu"), default=list, blank=True
    )
    to_verify = models.JSONField(
        _("trường cần kiểm chứng"),
        default=list,
        blank=True,
        help_text=_("Các trường chưa đối chiếu với văn bản công bố chính thức."),
    )
    search_document = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "version"], name="catalog_version_uniq"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="catalog_version_range",
            ),
        ]
        indexes = [
            # The public catalog asks "published and in force today" on every page.
            models.Index(
                fields=["status", "effective_from", "effective_to"], name="catalog_version_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.version} — {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.status == self.Status.PUBLISHED:
            # Published means frozen and used: its e-forms must be usable (named problems).
            errors = self.schema_errors()
            if errors:
                raise ValidationError(errors)
        self.name = clean(self.name)
        sector_name = Sector.objects.values_list("name", flat=True).get(pk=self.sector_id)
        self.search_document = " ".join(
            [self.procedure.code, self.name, sector_name, self.result_name]
        ).lower()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        try:
            self.time_limit  # noqa: B018 - validates value against unit
        except ValueError as exc:
            raise ValidationError({"time_limit_value": str(exc)}) from None
        errors = self.schema_errors()
        if errors:
            raise ValidationError(errors)

    def schema_errors(self) -> dict[str, list[str]]:
        """What is wrong with the version's e-forms, by model field, each problem naming its
        form field (checked when the version is published)."""
        found: dict[str, list[str]] = {}
        for name in ("declaration_schema", "result_schema"):
            raw = getattr(self, name)
            if raw:
                problems = [str(p) for p in eforms_schema.problems(raw)]
                if problems:
                    found[name] = problems
        if found:
            return found
        return links.problems(
            self.population_update, self.result_holders, self.declaration, self.result_form
        )

    @property
    def declaration(self) -> eforms_schema.Schema | None:
        """The declaration e-form, parsed (None when the procedure has none)."""
        return _parsed(self.declaration_schema)

    @property
    def result_form(self) -> eforms_schema.Schema | None:
        """What the officer preparing the result fills in (None when nothing)."""
        return _parsed(self.result_schema)

    @property
    def time_limit(self) -> TimeLimit:
        return TimeLimit(self.time_limit_value, LimitUnit(self.time_limit_unit))

    @property
    def to_verify_labels(self) -> list[str]:
        """The fields still to check against the official text, named for people."""
        labels = {
            "time_limit": _("thời hạn giải quyết"),
            "fees": _("phí, lệ phí"),
            "components": _("thành phần hồ sơ"),
        }
        names = {f.name: f.verbose_name for f in self._meta.fields}
        return [str(labels.get(key) or names.get(key, key)) for key in self.to_verify]

    @property
    def register(self) -> str:
        """The code of the register its results are numbered in: ``register_code``, else the
        procedure's code."""
        return self.register_code or self.procedure.code

    def performers(self) -> GovernmentUnitQuerySet:
        """The active units that perform this version: listed ones and those of its kinds."""
        return GovernmentUnit.objects.filter(
            Q(pk__in=self.performing_units.values("pk")) | Q(kind__in=self.unit_kinds),
            is_active=True,
        )

    @property
    def unit_kinds(self) -> list[str]:
        return [kind for kind in self.performing_unit_kinds.split("|") if kind]

    @unit_kinds.setter
    def unit_kinds(self, kinds: list[str]) -> None:
        self.performing_unit_kinds = f"|{'|'.join(sorted(set(kinds)))}|" if kinds else ""


_PARSED: dict[str, eforms_schema.Schema] = {}


def _parsed(raw: dict[str, Any]) -> eforms_schema.Schema | None:
    """A schema parsed once per process (published schemas never change; keyed by content)."""
    if not raw:
        return None
    key = json.dumps(raw, sort_keys=True, ensure_ascii=False)
    schema = _PARSED.get(key)
    if schema is None:
        schema = _PARSED[key] = eforms_schema.parse(raw)
    return schema


class ChannelOption(models.Model):
    """Cách thức thực hiện: one channel, its own time limit (if different) and fees."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="channels")
    channel = models.PositiveSmallIntegerField(_("kênh"), choices=Channel.choices)
    time_limit_value = models.PositiveIntegerField(_("thời hạn"), null=True, blank=True)
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=LimitUnit.choices, blank=True
    )
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(fields=["version", "channel"], name="catalog_channel_uniq")
        ]

    def __str__(self) -> str:
        return self.get_channel_display()

    @property
    def time_limit(self) -> TimeLimit:
        if self.time_limit_unit:
            return TimeLimit(self.time_limit_value or 0, LimitUnit(self.time_limit_unit))
        return self.version.time_limit


class Fee(models.Model):
    channel_option = models.ForeignKey(ChannelOption, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("loại"), max_length=8, choices=FeeKind.choices)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    description = models.CharField(_("mô tả"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount:,} đ".replace(",", ".")


class Component(models.Model):
    """Thành phần hồ sơ: one item of the legal list of documents."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    template_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=200, blank=True)
    template = models.FileField(_("tệp mẫu"), upload_to="catalog/templates/", blank=True)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    required = models.BooleanField(_("bắt buộc"), default=True)
    reusable_from_data = models.BooleanField(
        _("có thể lấy từ dữ liệu sẵn có"),
        default=False,
        help_text=_("Cơ sở dữ liệu quốc gia, kho dữ liệu của người dân hoặc kết quả đã số hóa."),
    )
    data_source = models.CharField(_("nguồn dữ liệu"), max_length=100, blank=True)
    document_type = models.SlugField(
        _("loại giấy tờ"),
        max_length=60,
        blank=True,
        help_text=_(
            "Mã loại giấy tờ (bằng mã kết quả của thủ tục cấp ra nó): giấy tờ đã có trong kho "
            "dữ liệu của người dân thì không yêu cầu nộp lại."
        ),
    )
    accepted_file_types = models.JSONField(_("định dạng tệp chấp nhận"), default=list)
    max_size_mb = models.PositiveSmallIntegerField(
        _("dung lượng tối đa (MB)"),
        null=True,
        blank=True,
        help_text=_("Để trống: theo mức chung của hệ thống."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="catalog_component_pos")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_bytes(self) -> int:
        from django.conf import settings

        if self.max_size_mb:
            return self.max_size_mb * 1024 * 1024
        return int(settings.MOTCUA_MAX_UPLOAD_BYTES)


class StepAction(models.TextChoices):
    """What officers may do at a workflow step (the engine is dossiers/workflow.py)."""

    FORWARD = "forward", _("Chuyển bước tiếp theo")
    RETURN = "return", _("Trả lại bước trước")
    CONSULT = "consult", _("Xin ý kiến đơn vị khác")
    APPROVE = "approve", _("Phê duyệt")
    REJECT = "reject", _("Từ chối giải quyết")
    SIGN = "sign", _("Ký kết quả")


class UnitRule(models.TextChoices):
    """Which unit works a step: relative to the dossier, or one fixed unit."""

    COMPETENT = "competent", _("Đơn vị có thẩm quyền giải quyết hồ sơ")
    RECEIVING = "receiving", _("Đơn vị tiếp nhận hồ sơ")
    FIXED = "fixed", _("Một đơn vị cố định")


class Workflow(models.Model):
    """The configured steps of one procedure version. Versions are published, never edited:
    a dossier keeps the workflow it started on."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")

    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="workflows",
    )
    number = models.PositiveIntegerField(_("số phiên bản quy trình"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy trình điện tử")
        verbose_name_plural = _("quy trình điện tử")
        ordering = ["procedure_version", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure_version", "number"], name="catalog_workflow_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure_version.procedure.code} — {_('quy trình')} {self.number}"

    @classmethod
    def current_for(cls, version: ProcedureVersion) -> Workflow | None:
        """The newest published workflow of a procedure version (new dossiers start on it)."""
        return (
            cls.objects.filter(procedure_version=version, status=cls.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )


class WorkflowStep(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=200)
    unit_rule = models.CharField(
        _("đơn vị thực hiện"), max_length=12, choices=UnitRule.choices, default=UnitRule.COMPETENT
    )
    unit = models.ForeignKey(
        GovernmentUnit,
        verbose_name=_("đơn vị cố định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc"),
        default=0,
        help_text=_("Phần thời hạn dành cho bước này; 0 là trong ngày."),
    )
    actions = models.JSONField(_("thao tác được phép"), default=list)

    class Meta:
        verbose_name = _("bước quy trình")
        verbose_name_plural = _("bước quy trình")
        ordering = ["workflow", "position"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "position"], name="catalog_step_pos")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        unknown = set(self.actions) - set(StepAction.values)
        if unknown or not self.actions:
            errors["actions"] = _("Chọn ít nhất một thao tác trong danh sách cho phép.")
        if self.unit_rule == UnitRule.FIXED and self.unit_id is None:
            errors["unit"] = _("Bước giao cho đơn vị cố định thì phải chọn đơn vị.")
        if errors:
            raise ValidationError(errors)
