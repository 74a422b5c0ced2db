from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Level, OnlineLevel, Sector
from units.models import GovernmentUnit


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
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
