from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ProvinceWideAdmin
from catalog.models import (
    ChannelOption,
    Component,
    Fee,
    Procedure,
    ProcedureVersion,
    Sector,
    StepAction,
    Workflow,
    WorkflowStep,
)
from catalog.transfer import create_version_from_record, export_version
from catalog.workflows import WorkflowError, copy_as_draft, publish_workflow

# A published version is what dossiers pin: only its end date may change (to retire it).
_PUBLISHED_EDITABLE = {"effective_to"}


class _FrozenWhenPublished:
    def _is_frozen(self, obj: Any) -> bool:
        version = obj if isinstance(obj, ProcedureVersion) else getattr(obj, "version", None)
        return version is not None and version.status == ProcedureVersion.Status.PUBLISHED


class _VersionInline(_FrozenWhenPublished):
    """Rows of a published version are read-only, like the version itself."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._is_frozen(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._is_frozen(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._is_frozen(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class ComponentInline(_VersionInline, admin.TabularInline[Component, ProcedureVersion]):
    model = Component
    extra = 0
    fields = [
        "position", "name", "template_name", "template", "originals", "copies", "required",
        "reusable_from_data", "data_source", "document_type", "accepted_file_types",
    ]  # fmt: skip


class ChannelOptionInline(_VersionInline, admin.TabularInline[ChannelOption, ProcedureVersion]):
    model = ChannelOption
    extra = 0
    show_change_link = True


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(_FrozenWhenPublished, ProvinceWideAdmin[ProcedureVersion]):
    list_display = [
        "procedure",
        "version",
        "name",
        "sector",
        "level",
        "status",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["status", "level", "sector", "online_level"]
    search_fields = ["procedure__code", "name"]
    list_select_related = ["procedure", "sector"]
    filter_horizontal = ["performing_units"]
    inlines = [ChannelOptionInline, ComponentInline]
    actions = ["new_draft_version"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and self._is_frozen(obj):
            return [
                f.name for f in ProcedureVersion._meta.fields if f.name not in _PUBLISHED_EDITABLE
            ]
        return ["search_document"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._is_frozen(obj)

    @admin.action(description=_("Tạo phiên bản dự thảo mới từ phiên bản đã chọn"))
    def new_draft_version(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        with transaction.atomic():
            for version in queryset.select_related("procedure"):
                record = export_version(version)
                latest = version.procedure.versions.order_by("-version").first()
                record.update(
                    version=(latest.version if latest else 0) + 1,
                    status=ProcedureVersion.Status.DRAFT,
                    effective_to=None,
                )
                create_version_from_record(record)
        self.message_user(request, _("Đã tạo phiên bản dự thảo."), messages.SUCCESS)


class FeeInline(admin.TabularInline[Fee, ChannelOption]):
    model = Fee
    extra = 0


@admin.register(ChannelOption)
class ChannelOptionAdmin(_FrozenWhenPublished, ProvinceWideAdmin[ChannelOption]):
    list_display = ["version", "channel", "time_limit_value", "time_limit_unit"]
    inlines = [FeeInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not self._is_frozen(obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False  # reached from its procedure version


@admin.register(Procedure)
class ProcedureAdmin(ProvinceWideAdmin[Procedure]):
    list_display = ["code", "created_at"]
    search_fields = ["code"]


@admin.register(Sector)
class SectorAdmin(ProvinceWideAdmin[Sector]):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class WorkflowStepForm(forms.ModelForm[WorkflowStep]):
    actions = forms.MultipleChoiceField(
        label=_("Thao tác được phép"),
        choices=StepAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkflowStep
        fields = ["position", "name", "unit_rule", "unit", "role", "working_days", "actions"]


class WorkflowStepInline(admin.TabularInline[WorkflowStep, Workflow]):
    model = WorkflowStep
    form = WorkflowStepForm
    extra = 0
    autocomplete_fields = ["unit"]

    def _editable(self, obj: Workflow | None) -> bool:
        return obj is None or obj.status == Workflow.Status.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


@admin.register(Workflow)
class WorkflowAdmin(ProvinceWideAdmin[Workflow]):
    list_display = ["procedure_version", "number", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["procedure_version__procedure__code", "procedure_version__name"]
    list_select_related = ["procedure_version__procedure"]
    autocomplete_fields = ["procedure_version"]
    readonly_fields = ["status", "published_at"]
    inlines = [WorkflowStepInline]
    actions = ["publish", "new_draft"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.status == Workflow.Status.PUBLISHED:
            return ["procedure_version", "number", "status", "published_at", "notes"]
        return self.readonly_fields

    @admin.action(description=_("Công bố quy trình đã chọn"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Workflow]) -> None:
        for workflow in queryset:
            try:
                publish_workflow(workflow)
            except WorkflowError as exc:
                self.message_user(request, f"{workflow}: {exc}", messages.ERROR)
            else:
                self.message_user(request, _("Đã công bố %s.") % workflow, messages.SUCCESS)

    @admin.action(description=_("Tạo bản dự thảo mới từ quy trình đã chọn"))
    def new_draft(self, request: HttpRequest, queryset: QuerySet[Workflow]) -> None:
        for workflow in queryset:
            copy_as_draft(workflow)
        self.message_user(request, _("Đã tạo bản dự thảo."), messages.SUCCESS)
