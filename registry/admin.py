"""The registry in the admin: the lookup and update logs for inspectors (read-only), the
embedded registry's residents (demo and training data) and its journal of applied updates,
and the correction requests."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.scoping import ProvinceWideAdmin
from registry.models import (
    AppliedUpdate,
    CorrectionRequest,
    Lookup,
    RegistryUpdate,
    ResidenceRecord,
    Resident,
)


class ReadOnly(ProvinceWideAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Lookup)
class LookupAdmin(ReadOnly):
    list_display = ["at", "id_number", "actor_name", "unit", "purpose", "outcome", "source"]
    list_filter = ["outcome", "source"]
    search_fields = ["id_number", "actor_name", "purpose"]
    date_hierarchy = "at"


@admin.register(RegistryUpdate)
class RegistryUpdateAdmin(ReadOnly):
    list_display = [
        "created_at", "kind", "reference", "subjects", "actor_name", "unit", "status",
        "attempts", "assigned_id_number", "applied_at",
    ]  # fmt: skip
    list_filter = ["status", "kind", "source"]
    search_fields = ["reference", "subjects", "actor_name", "assigned_id_number"]
    date_hierarchy = "created_at"


@admin.register(AppliedUpdate)
class AppliedUpdateAdmin(ReadOnly):
    list_display = ["applied_at", "kind", "reference", "requester", "id_number", "message"]
    list_filter = ["kind"]
    search_fields = ["reference", "id_number"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnly):
    list_display = ["filed_at", "id_number", "field", "unit", "status", "resolved_at"]
    list_filter = ["status", "field"]
    search_fields = ["id_number"]


class ResidenceInline(admin.TabularInline[ResidenceRecord, Resident]):
    model = ResidenceRecord
    extra = 0
    raw_id_fields = ["unit", "legacy_ward"]


@admin.register(Resident)
class ResidentAdmin(ProvinceWideAdmin[Resident]):
    list_display = ["id_number", "full_name", "date_of_birth", "sex", "permanent_address"]
    search_fields = ["id_number", "full_name"]
    raw_id_fields = ["permanent_unit"]
    inlines = [ResidenceInline]
