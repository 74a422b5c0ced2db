from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scoping import ScopedInlineMixin, UnitScopedAdmin, administered_units
from units.models import AdministrativeUnit, FeeAccount, GovernmentUnit, LegacyWard


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin[AdministrativeUnit]):
    list_display = ["code", "name", "division_type", "province"]
    list_filter = ["level", "division_type"]
    search_fields = ["name", "folded_name", "=code"]
    list_select_related = ["province"]

    def has_add_permission(self, request: object) -> bool:
        return False  # loaded from the vietnam-provinces package by `units sync`

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(LegacyWard)
class LegacyWardAdmin(AdministrativeUnitAdmin):
    list_display = ["code", "name", "district_name", "province_name"]
    list_filter = []
    search_fields = ["name", "folded_name", "district_name", "=code"]
    list_select_related = []
    filter_horizontal = []


class FeeAccountInline(ScopedInlineMixin, admin.TabularInline[FeeAccount, GovernmentUnit]):
    model = FeeAccount
    extra = 0


@admin.register(GovernmentUnit)
class GovernmentUnitAdmin(UnitScopedAdmin[GovernmentUnit]):
    unit_field = ""  # the unit itself
    list_display = ["code", "name", "kind", "parent", "receives_dossiers", "hotline", "is_active"]
    list_filter = ["kind", "receives_dossiers", "is_active"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["area"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "parent", "area", "is_active"]}),
        (
            _("Tiếp nhận hồ sơ"),
            {"fields": ["receives_dossiers", "receiving_unit", "address", "hotline", "email",
                        "office_hours"]},
        ),
        (_("Thể thức chữ ký"), {"fields": ["collective_leadership", "head_title"]}),
    ]  # fmt: skip
    inlines = [FeeAccountInline]

    def get_readonly_fields(self, request: HttpRequest, obj: GovernmentUnit | None = None) -> Any:
        # A unit administrator edits the top unit of their scope but cannot move it elsewhere.
        user = request.user
        if obj is not None and isinstance(user, User) and not user.is_superuser:
            if obj.parent_id and not administered_units(user).filter(pk=obj.parent_id).exists():
                return ["parent", "code", "kind"]
        return []

    def get_form(
        self,
        request: HttpRequest,
        obj: GovernmentUnit | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if not isinstance(request.user, User) or request.user.is_superuser:
            return form

        class ParentRequiredForm(form):  # type: ignore[misc,valid-type]
            # Only a superuser makes a top-level unit: its administrators would become
            # province administrators (catalog, calendar).
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                if "parent" in self.fields:
                    self.fields["parent"].required = True

        return ParentRequiredForm
