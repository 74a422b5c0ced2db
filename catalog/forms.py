from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Level, OnlineLevel, Sector
from units.models import GovernmentUnit


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
        .only("code", "name")
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
        for field in self.fields.values():
            css = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
            field.widget.attrs["class"] = css
