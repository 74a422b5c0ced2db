from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from identity.validators import validate_personal_id_number
from units.models import GovernmentUnit


class GovukFormMixin:
    """Puts the GOV.UK Frontend classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            if isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            elif isinstance(widget, forms.FileInput):
                css = "govuk-file-upload"
            else:
                css = "govuk-input"
            widget.attrs.setdefault("class", css)


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do, nội dung"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResultForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.CharField(
        label=_("Nội dung kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FinishForm(ResultForm):
    """Approving or signing the last step: the result is issued and signed (leader, seal)."""

    result_file = forms.FileField(
        label=_("Tệp kết quả (PDF); để trống thì văn bản được lập theo mẫu của thủ tục"),
        required=False,
    )


class ReturnResultForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    paper_scan = forms.FileField(
        label=_("Bản quét kết quả bản giấy đã ký, đóng dấu (khi thủ tục phải có bản giấy)"),
        required=False,
    )

    def __init__(self, *args: Any, paper_required: bool = False, **kwargs: Any) -> None:
        """``paper_required``: the law wants the result on paper, so its scan is asked for
        before the result is handed over (said beforehand, not only once refused)."""
        super().__init__(*args, **kwargs)
        if paper_required:
            scan = self.fields["paper_scan"]
            scan.required = True
            scan.label = _("Bản quét kết quả bản giấy đã ký, đóng dấu")
            scan.help_text = _(
                "Thủ tục này trả kết quả bằng bản giấy: quét bản giấy đã ký, đóng dấu (PDF, JPEG, "
                "PNG hoặc TIFF) và tải lên trước khi trả cho người dân."
            )
            scan.error_messages["required"] = _(
                "Tải lên bản quét kết quả bản giấy đã ký, đóng dấu trước khi trả kết quả."
            )


class DigitizeForm(GovukFormMixin, forms.Form):
    scan = forms.FileField(label=_("Bản quét hoặc ảnh chụp"))


class NotDigitizableForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do không số hóa được"), max_length=500)


class SupplementForm(GovukFormMixin, forms.Form):
    components = forms.MultipleChoiceField(
        label=_("Giấy tờ cần bổ sung (chỉ trong thành phần hồ sơ theo quy định)"),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Lý do, hướng dẫn bổ sung"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["components"].choices = choices  # type: ignore[attr-defined]


class AssignForm(GovukFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=User.objects.none())

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers  # type: ignore[attr-defined]


class ConsultForm(GovukFormMixin, forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Đơn vị được xin ý kiến"),
        queryset=GovernmentUnit.objects.filter(is_active=True).order_by("name"),
    )
    question = forms.CharField(
        label=_("Nội dung xin ý kiến"), widget=forms.Textarea(attrs={"rows": 3})
    )
    working_days = forms.IntegerField(
        label=_("Hạn trả lời (ngày làm việc)"), min_value=0, max_value=30, initial=2
    )


class AnswerForm(GovukFormMixin, forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Ý kiến trả lời"), widget=forms.Textarea(attrs={"rows": 3}))


class ApologyForm(GovukFormMixin, forms.Form):
    extra_working_days = forms.IntegerField(
        label=_("Gia hạn thêm (ngày làm việc)"), min_value=1, max_value=60
    )
    reason = forms.CharField(label=_("Lý do chậm trễ"), widget=forms.Textarea(attrs={"rows": 3}))


class CounterSupplementForm(GovukFormMixin, forms.Form):
    """Files for the requested components, handed in at the desk."""

    def __init__(self, *args: Any, components: list[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for component in components:
            self.fields[f"c{component.pk}"] = forms.FileField(label=component.name)


class CorrectDeclarationForm(GovukFormMixin, forms.Form):
    """Why an obvious error of the declaration is corrected (recorded, and told to the
    applicant)."""

    reason = forms.CharField(
        label=_("Lý do sửa (ghi vào lịch sử hồ sơ và gửi người nộp)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CorrectionForm(GovukFormMixin, forms.Form):
    field = forms.ChoiceField(label=_("Thông tin cần điều chỉnh"))
    current_value = forms.CharField(label=_("Giá trị hiện tại"), max_length=300, required=False)
    proposed_value = forms.CharField(label=_("Giá trị đúng (đề nghị)"), max_length=300)
    reason = forms.CharField(
        label=_("Căn cứ, lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from registry.corrections import FIELDS

        super().__init__(*args, **kwargs)
        self.fields["field"].choices = list(FIELDS.items())  # type: ignore[attr-defined]


class CorrectionChoiceForm(forms.Form):
    """Which correction request a resolution is for (a hidden field of the list)."""

    # Bounded like the primary key, so a huge number is refused rather than looked up.
    request = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class ResolveCorrectionForm(GovukFormMixin, forms.Form):
    corrected = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Đã điều chỉnh dữ liệu")), ("0", _("Không điều chỉnh"))],
        coerce=lambda v: v == "1",
    )
    resolution = forms.CharField(
        label=_("Nội dung xử lý"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CardForm(GovukFormMixin, forms.Form):
    """The chip ID card: its QR typed by a keyboard-wedge scanner, or a photo of the card."""

    cccd_qr = forms.CharField(
        label=_("Mã QR trên thẻ căn cước"),
        required=False,
        max_length=600,
        help_text=_("Đặt con trỏ vào ô này rồi quét mã QR bằng máy quét."),
    )
    cccd_photo = forms.ImageField(label=_("Hoặc ảnh chụp mặt trước thẻ"), required=False)


class IntakeForm(GovukFormMixin, forms.Form):
    """A dossier lodged at the counter for the applicant present."""

    procedure = forms.ModelChoiceField(label=_("Thủ tục"), queryset=ProcedureVersion.objects.none())
    competent_unit = forms.ModelChoiceField(
        label=_("Đơn vị có thẩm quyền giải quyết"),
        queryset=GovernmentUnit.objects.none(),
        help_text=_(
            "Cơ quan quyết định hồ sơ: cơ quan mà điểm tiếp nhận này nhận hồ sơ thay; cơ quan "
            "khác chỉ với thủ tục không phụ thuộc địa giới hành chính."
        ),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    applicant_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=12,
        validators=[validate_personal_id_number],
    )
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    registry_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, versions: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = versions  # type: ignore[attr-defined]
        self.fields["competent_unit"].queryset = units  # type: ignore[attr-defined]
