"""The forms of an online application with an e-form that are not the declaration itself: the
contact, the attachments, the unit chosen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.models import Component
from identity.validators import validate_personal_id_number
from portal.forms import (
    CONSENT_STATEMENT,
    _clean_phone,
    _component_field,
    check_files,
    file_field_name,
)
from portal.submitting import Behalf


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

    def __init__(self, *args: Any, assisted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if assisted:
            # The citizen's contact, lodged for them: the address is theirs to give or not.
            self.fields["applicant_address"].required = False
            self.fields["applicant_address"].label = _("Địa chỉ của người dân (không bắt buộc)")
            self.fields["applicant_phone"].label = _("Số điện thoại của người dân")

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


class BehalfForm(forms.Form):
    """Who a member of the community digital team lodges the dossier for, and the citizen's
    consent (Decree 45/2020 art. 10): asked before the e-form, whose applicant is then filled
    from the citizen's registry record."""

    behalf_id_number = forms.CharField(
        label=_("Số định danh cá nhân của người dân"),
        help_text=_("12 chữ số, ghi trên thẻ căn cước của người dân."),
        max_length=12,
        validators=[validate_personal_id_number],
        error_messages={"required": _("Nhập số định danh cá nhân (12 chữ số) của người dân.")},
    )
    behalf_name = forms.CharField(
        label=_("Họ và tên người dân"),
        max_length=200,
        error_messages={"required": _("Nhập họ và tên người dân.")},
    )
    behalf_phone = forms.CharField(
        label=_("Số điện thoại của người dân"),
        max_length=20,
        error_messages={"required": _("Nhập số điện thoại của người dân.")},
    )
    behalf_address = forms.CharField(
        label=_("Địa chỉ của người dân (không bắt buộc)"), max_length=300, required=False
    )
    consent = forms.BooleanField(
        label=CONSENT_STATEMENT,
        error_messages={"required": _("Cần xác nhận người dân đã đồng ý để bạn nộp thay.")},
    )
    consent_method = forms.CharField(
        label=_("Cách người dân đồng ý"),
        help_text=_(
            "Ví dụ: ký vào phiếu đồng ý tại điểm hỗ trợ; đồng ý trực tiếp, có người làm chứng."
        ),
        max_length=200,
        error_messages={"required": _("Ghi rõ người dân đã đồng ý bằng cách nào.")},
    )

    def __init__(self, *args: Any, helper: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper

    def clean_behalf_id_number(self) -> str:
        number = str(self.cleaned_data["behalf_id_number"]).strip()
        if self.helper.personal_id and number == self.helper.personal_id:
            raise ValidationError(
                _("Đây là số định danh của bạn: để nộp cho chính mình, hãy chọn “Bắt đầu”."),
                code="behalf_self",
            )
        return number

    def clean_behalf_phone(self) -> str:
        return _clean_phone(self.cleaned_data["behalf_phone"])

    def behalf(self) -> Behalf:
        data = self.cleaned_data
        return Behalf(
            name=data["behalf_name"].strip(),
            id_number=data["behalf_id_number"],
            phone=data["behalf_phone"],
            address=data["behalf_address"].strip(),
            consent_method=data["consent_method"].strip(),
        )
