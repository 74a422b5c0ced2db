"""Admin forms of the calendar: dates read day first, with the weekday shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.text import capfirst
from django.utils.translation import gettext

from workdays.dates import WEEKDAYS, format_day, parse_day
from workdays.models import DayOverride, DaySwap


class DayFirstDateWidget(AdminDateWidget):
    """The admin's date box, always showing dd/mm/yyyy (the script adds the weekday)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", **(attrs or {})}, format="%d/%m/%Y")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "data-weekdays": "|".join(str(day) for day in WEEKDAYS),
            "data-weekday-pattern": gettext("%(weekday)s, %(date)s"),
            "data-weekday-unreadable": gettext("Chưa đọc được ngày (viết ngày/tháng/năm)"),
            "data-weekday-short-year": gettext("Viết năm đủ bốn chữ số"),
            "data-weekday-impossible": gettext("Ngày này không có thật"),
        }
        return super().get_context(name, value, attrs)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return format_day(value)
        return super().format_value(value)


class DayFirstDateField(forms.DateField):
    """A date written dd/mm/yyyy (or ISO); ambiguous or impossible dates refused with a reason."""

    widget = DayFirstDateWidget

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        return parse_day(str(value))


class DayOverrideForm(forms.ModelForm[DayOverride]):
    date = DayFirstDateField(label=capfirst(DayOverride._meta.get_field("date").verbose_name))

    class Meta:
        model = DayOverride
        fields = ["date", "kind", "name", "legal_basis"]


class DaySwapForm(forms.ModelForm[DaySwap]):
    worked_date = DayFirstDateField(
        label=capfirst(DaySwap._meta.get_field("worked_date").verbose_name),
        help_text=DaySwap._meta.get_field("worked_date").help_text,
    )
    off_date = DayFirstDateField(
        label=capfirst(DaySwap._meta.get_field("off_date").verbose_name),
        help_text=DaySwap._meta.get_field("off_date").help_text,
    )

    class Meta:
        model = DaySwap
        fields = ["worked_date", "off_date", "name", "legal_basis"]
