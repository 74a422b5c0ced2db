"""The forms of an online application with an e-form that are not the declaration itself: the
contact, the attachments, the unit chosen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _

from catalog.models import Component
from portal.forms import _clean_phone, _component_field, check_files, file_field_name


class ContactForm(forms.Form):
    applicant_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        help_text=_("Để nhận tin nhắn về hồ sơ."),
        error_messages={"required": _("Nhập số điện thoại để nhận thông báo về hồ sơ.")},
    )
    applicant_email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Địa chỉ thư điện tử không đúng, ví dụ ten@example.vn.")},
    )
    applicant_address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        max_length=300,
        error_messages={"required": _("Nhập địa chỉ liên hệ.")},
    )
    note = forms.CharField(
        label=_("Nội dung đề nghị, ghi chú (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_applicant_phone(self) -> str:
        return _clean_phone(self.cleaned_data["applicant_phone"])


class FilesForm(forms.Form):
    """One file input per component to upload; nothing is required until the end (a file
    can be added later), and a file that passes its checks is kept even when another fails."""

    def __init__(self, *args: Any, components: Iterable[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = list(components)
        for component in self.components:
            self.fields[file_field_name(component)] = _component_field(component, required=False)

    def file_fields(self) -> list[tuple[Component, forms.BoundField]]:
        return [(c, self[file_field_name(c)]) for c in self.components]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # noqa: S101 - Form.clean returns cleaned_data
        check_files(self, self.components, data)
        return data

    def uploads(self) -> dict[Component, File[Any]]:
        """The files of this POST that passed their checks (whatever else failed)."""
        found: dict[Component, File[Any]] = {}
        for component in self.components:
            upload = self.cleaned_data.get(file_field_name(component))
            if isinstance(upload, File):
                found[component] = upload
        return found


class UnitChoiceForm(forms.Form):
    """The unit chosen among those shown (the search narrowed them down)."""

    unit = forms.CharField(error_messages={"required": _("Chọn nơi nộp hồ sơ.")})
