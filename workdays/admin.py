from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.scoping import ProvinceWideAdmin
from workdays.models import DayOverride


@admin.register(DayOverride)
class DayOverrideAdmin(ProvinceWideAdmin[DayOverride]):
    list_display = ["date", "kind", "name", "legal_basis", "created_by", "updated_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name", "legal_basis"]
    readonly_fields = ["created_by", "updated_at"]

    def save_model(self, request: HttpRequest, obj: DayOverride, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
