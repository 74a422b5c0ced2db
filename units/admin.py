from __future__ import annotations

from django.contrib import admin

from accounts.scoping import UnitScopedAdmin
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


class FeeAccountInline(admin.TabularInline[FeeAccount, GovernmentUnit]):
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
    inlines = [FeeAccountInline]
