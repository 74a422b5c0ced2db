from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ProvinceWideAdmin
from workdays.dates import describe_day
from workdays.forms import DayOverrideForm, DaySwapForm
from workdays.models import DayOverride, DaySwap


@admin.register(DayOverride)
class DayOverrideAdmin(ProvinceWideAdmin[DayOverride]):
    form = DayOverrideForm
    list_display = ["day", "kind", "name", "legal_basis", "created_by", "updated_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name", "legal_basis"]
    readonly_fields = ["created_by", "updated_at"]

    @admin.display(description=_("ngày"), ordering="date")
    def day(self, obj: DayOverride) -> str:
        return describe_day(obj.date)

    def save_model(self, request: HttpRequest, obj: DayOverride, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(DaySwap)
class DaySwapAdmin(ProvinceWideAdmin[DaySwap]):
    """One form for both days of an official swap; list and change page show them together."""

    form = DaySwapForm
    list_display = ["pair", "worked_day", "off_day", "name", "legal_basis", "updated_at"]
    list_display_links = ["pair"]
    date_hierarchy = "worked_date"
    search_fields = ["name", "legal_basis"]
    readonly_fields = ["pair", "created_by", "updated_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["worked_date", "off_date", "name", "legal_basis"]
        if obj is not None:
            return ["pair", *fields, "created_by", "updated_at"]
        return fields

    @admin.display(description=_("hoán đổi"))
    def pair(self, obj: DaySwap) -> str:
        return str(obj)

    @admin.display(description=_("ngày đi làm bù"), ordering="worked_date")
    def worked_day(self, obj: DaySwap) -> str:
        return describe_day(obj.worked_date)

    @admin.display(description=_("ngày được nghỉ"), ordering="off_date")
    def off_day(self, obj: DaySwap) -> str:
        return describe_day(obj.off_date)

    def save_model(self, request: HttpRequest, obj: DaySwap, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
