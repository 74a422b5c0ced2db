from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Level, OnlineLevel, Sector
from units.models import GovernmentUnit

Kind = GovernmentUnit.Kind
# The units of the "Nơi thực hiện" filter, in <optgroup>s by level: a province has a few
# province-wide bodies and over a hundred communes, each with a centre and a police station.
UNIT_GROUPS: list[tuple[Any, set[str]]] = [
    (
        _("Cấp tỉnh"),
        {Kind.PEOPLES_COMMITTEE, Kind.PROVINCIAL_CENTER, Kind.BRANCH, Kind.DEPARTMENT},
    ),
    (
        _("Cấp xã — Trung tâm Phục vụ hành chính công"),
        {Kind.COMMUNE_CENTER, Kind.COMMUNE_COMMITTEE},
    ),
    (_("Cấp xã — Công an"), {Kind.COMMUNE_POLICE}),
    (_("Đơn vị khác"), {Kind.OTHER}),
]


def unit_groups(units: Any, empty_label: Any) -> list[tuple[Any, Any]]:
    """The choices of the units select: the empty choice, then one group per level."""
    rows = list(units.values_list("code", "name", "kind"))
    choices: list[tuple[Any, Any]] = [("", empty_label)]
    for label, kinds in UNIT_GROUPS:
        members = [(code, name) for code, name, kind in rows if kind in kinds]
        if members:
            choices.append((label, members))
    return choices


class CatalogFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm thủ tục"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("ví dụ: dang ky khai sinh")}
        ),
    )
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Sector.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả lĩnh vực"),
    )
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        choices=[("", _("Tất cả các cấp")), *Level.choices],
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Nơi thực hiện"),
        queryset=GovernmentUnit.objects.filter(is_active=True)
        .filter(Q(receives_dossiers=True) | Q(kind=GovernmentUnit.Kind.COMMUNE_POLICE))
        .only("code", "name", "kind")
        .order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả đơn vị"),
    )
    online = forms.ChoiceField(
        label=_("Dịch vụ công trực tuyến"),
        choices=[
            ("", _("Tất cả")),
            (OnlineLevel.FULL, _("Toàn trình")),
            (OnlineLevel.PARTIAL, _("Một phần")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)  # noqa: S101 - declared above
        unit.widget.choices = unit_groups(unit.queryset, unit.empty_label or "")
        for field in self.fields.values():
            css = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
            field.widget.attrs["class"] = css
