"""Forms of the public portal. They check everything a person can get wrong and say so in
plain Vietnamese; the dossier rules themselves are checked again by ``dossiers.actions``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from catalog.transfer import DEFAULT_FILE_TYPES
from core import clock
from documents import checks
from documents.store import applicant_store
from dossiers import lodging
from identity.validators import validate_personal_id_number
from units.models import GovernmentUnit
from workdays.calendar import to_local

# A component that names no formats takes what the catalog import gives by default.
# The same format under its other usual extension.
_EXTENSION_ALIASES = {"jpg": "jpeg", "jpeg": "jpg", "tif": "tiff", "tiff": "tif"}
_PHONE_RE = re.compile(r"\A(0|\+84)[0-9]{9,10}\Z")
# ASCII classes on purpose: ``\d`` also matches Arabic-Indic and other scripts' digits, which
# then reach the constant-time comparison of the lookup. Used with fullmatch (``$`` lets "\n" by).
_SUFFIX_RE = re.compile(r"[0-9]{4}")
# <unit code (QCVN 102)>-<yymmdd>-<sequence> as dossiers.codes.next_code writes it.
_LOOKUP_CODE_RE = re.compile(
    r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4,6}"
)

# Recorded with an assisted dossier: what the citizen agreed to (Decree 45/2020 art. 10).
CONSENT_STATEMENT = _(
    "Người dân đã đồng ý để tôi nộp hồ sơ này thay họ và sử dụng thông tin cá nhân của họ "
    "cho việc giải quyết hồ sơ."
)


def file_field_name(component: Component) -> str:
    """Form field of a component: by its position in the legal list, never its database id."""
    return f"tp_{component.position}"


def accepted_extensions(component: Component) -> list[str]:
    declared = [str(t).lower().lstrip(".") for t in component.accepted_file_types or []]
    return declared or list(DEFAULT_FILE_TYPES)


def check_upload(upload: File[Any], component: Component) -> File[Any]:
    """The document as it will be kept: its format read from the content and accepted by
    the component, images turned into PDF, PDFs cleaned (see documents.checks)."""
    try:
        checked = checks.check_upload(
            upload, accepted=accepted_extensions(component), max_bytes=component.max_bytes
        )
    except checks.UploadRefused as refused:
        raise ValidationError(
            gettext("Tệp “%(file)s”: %(reason)s") % {"file": upload.name, "reason": refused},
            code="file",
        ) from None
    return checked.as_file()


def check_files(form: forms.Form, components: Iterable[Component], data: dict[str, Any]) -> None:
    """Replace each uploaded file in ``data`` by the checked one, or put the error on its field."""
    for component in components:
        name = file_field_name(component)
        upload = data.get(name)
        if isinstance(upload, File):
            try:
                data[name] = check_upload(upload, component)
            except ValidationError as error:
                form.add_error(name, error)


def _clean_phone(value: str) -> str:
    # Full-width digits typed on some keyboards become ASCII; other scripts' digits are refused.
    phone = re.sub(r"[\s.\-()]", "", unicodedata.normalize("NFKC", value))
    if phone and not _PHONE_RE.match(phone):
        raise ValidationError(
            _("Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)."),
            code="phone",
        )
    return phone


def competent_units(version: ProcedureVersion) -> QuerySet[GovernmentUnit]:
    """The bodies that decide the version (``dossiers.lodging``): when the procedure depends
    on administrative boundaries, only those with a receiving point to lodge the dossier at."""
    return lodging.competent_units(version)


def receiving_points() -> QuerySet[GovernmentUnit]:
    return GovernmentUnit.objects.filter(is_active=True, receives_dossiers=True).order_by("name")


class UnitChoiceField(forms.ModelChoiceField[GovernmentUnit]):
    def label_from_instance(self, obj: GovernmentUnit) -> str:
        return obj.name


def _component_field(component: Component, *, required: bool) -> forms.FileField:
    extensions = accepted_extensions(component)
    types = ", ".join(t.upper() for t in extensions)
    help_text = gettext("Định dạng: %(types)s; tối đa %(size)s MB.") % {
        "types": types,
        "size": component.max_bytes // (1024 * 1024),
    }
    accept = {f".{t}" for t in extensions} | {
        f".{_EXTENSION_ALIASES[t]}" for t in extensions if t in _EXTENSION_ALIASES
    }
    return forms.FileField(
        label=component.name,
        required=required,
        help_text=help_text,
        widget=forms.FileInput(attrs={"accept": ",".join(sorted(accept))}),
        error_messages={
            "required": gettext("Chưa tải lên giấy tờ bắt buộc: %(name)s.")
            % {"name": component.name},
            "empty": gettext("Tệp tải lên không có nội dung."),
            "invalid": gettext("Không đọc được tệp tải lên."),
        },
    )


class ApplyForm(forms.Form):
    """The online application (e-form) of one procedure version.

    With ``drafting`` nothing is required (a draft can be saved half-filled), but whatever is
    given must still be valid. Components already uploaded to the draft need no new file.
    """

    # The same key for every POST of this form: a retried submission finds its dossier.
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Biểu mẫu không còn dùng được. Hãy tải lại trang và điền lại."),
            "invalid": _("Biểu mẫu không còn dùng được. Hãy tải lại trang và điền lại."),
        },
    )
    # Phone and address are required unless the dossier is lodged for someone else (clean).
    applicant_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        help_text=_("Để nhận tin nhắn về hồ sơ."),
    )
    applicant_email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Địa chỉ thư điện tử không đúng, ví dụ ten@example.vn.")},
    )
    applicant_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300, required=False)
    competent_unit = UnitChoiceField(
        label=_("Cơ quan giải quyết"),
        queryset=GovernmentUnit.objects.none(),
        to_field_name="code",
        empty_label=_("— Chọn cơ quan —"),
        error_messages={
            "required": _("Chọn cơ quan giải quyết hồ sơ."),
            "invalid_choice": _("Cơ quan đã chọn không giải quyết thủ tục này."),
        },
    )
    note = forms.CharField(
        label=_("Nội dung đề nghị, ghi chú (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        version: ProcedureVersion,
        draft_components: Iterable[int] = (),
        drafting: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.version, self.drafting = user, version, drafting
        self.draft_components = set(draft_components)
        units = self.fields["competent_unit"]
        assert isinstance(units, UnitChoiceField)  # noqa: S101 - declared above
        units.queryset = competent_units(version)
        if version.boundary_free:
            self.fields["receiving_unit"] = UnitChoiceField(
                label=_("Nơi tiếp nhận hồ sơ"),
                help_text=_(
                    "Thủ tục không phụ thuộc địa giới hành chính: chọn điểm tiếp nhận thuận "
                    "tiện nhất với bạn."
                ),
                queryset=receiving_points(),
                to_field_name="code",
                empty_label=_("— Chọn nơi tiếp nhận —"),
                error_messages={
                    "required": _("Chọn nơi tiếp nhận hồ sơ."),
                    "invalid_choice": _("Nơi đã chọn không phải điểm tiếp nhận hồ sơ."),
                },
            )
        self.components = list(version.components.all())
        # What the applicant's data store already holds is reused, never asked for (R3).
        self.in_store = (
            applicant_store(user.personal_id, to_local(clock.now()).date())
            if user.personal_id and not user.is_digital_team
            else {}
        )
        for component in self.components:
            stored = self.in_store.get(component.document_type) if component.document_type else None
            required = (
                component.required
                and not component.reusable_from_data
                and stored is None
                and component.pk not in self.draft_components
            )
            field: forms.Field = _component_field(component, required=required)
            if stored is not None:
                field.help_text = gettext(
                    "Đã có trong kho dữ liệu của bạn (%(title)s, mã %(code)s): không cần nộp lại."
                ) % {"title": stored.title, "code": stored.document.code}
            self.fields[file_field_name(component)] = field
        if user.is_digital_team:
            self._add_assisted_fields()
        self.order_fields(
            [
                "submission_key",
                "applicant_phone",
                "applicant_email",
                "applicant_address",
                *self.ASSISTED_FIELDS,
                "competent_unit",
                "receiving_unit",
                *(file_field_name(c) for c in self.components),
                "note",
            ]
        )
        # With a single unit to choose from there is nothing to choose.
        only = list(units.queryset[:2])
        if len(only) == 1:
            self.initial.setdefault("competent_unit", only[0].code)
        if drafting:
            for name, field in self.fields.items():
                field.required = name == "submission_key"

    def _add_assisted_fields(self) -> None:
        self.fields["on_behalf"] = forms.BooleanField(
            label=_("Tôi nộp hồ sơ này thay cho một người dân"), required=False
        )
        self.fields["behalf_name"] = forms.CharField(
            label=_("Họ và tên người dân"), max_length=200, required=False
        )
        self.fields["behalf_id_number"] = forms.CharField(
            label=_("Số định danh cá nhân của người dân"),
            max_length=12,
            required=False,
            validators=[validate_personal_id_number],
        )
        self.fields["behalf_phone"] = forms.CharField(
            label=_("Số điện thoại của người dân"), max_length=20, required=False
        )
        self.fields["behalf_address"] = forms.CharField(
            label=_("Địa chỉ của người dân (không bắt buộc)"), max_length=300, required=False
        )
        self.fields["consent"] = forms.BooleanField(label=CONSENT_STATEMENT, required=False)
        self.fields["consent_method"] = forms.CharField(
            label=_("Cách người dân đồng ý"),
            help_text=_(
                "Ví dụ: ký vào phiếu đồng ý tại điểm hỗ trợ; đồng ý trực tiếp, có người làm chứng."
            ),
            max_length=200,
            required=False,
        )

    @property
    def assisted(self) -> bool:
        return bool(self.user.is_digital_team and self.cleaned_data.get("on_behalf"))

    def file_fields(self) -> list[tuple[Component, forms.BoundField]]:
        return [(c, self[file_field_name(c)]) for c in self.components]

    def clean_applicant_phone(self) -> str:
        return _clean_phone(self.cleaned_data["applicant_phone"])

    def clean_behalf_phone(self) -> str:
        return _clean_phone(self.cleaned_data["behalf_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # noqa: S101 - Form.clean returns cleaned_data
        check_files(self, self.components, data)
        if self.drafting:
            return data
        if self.assisted:
            self._require(data, self.ASSISTED_REQUIRED)
            return data
        self._require(data, self.OWN_REQUIRED)
        if not self.user.personal_id:
            raise ValidationError(
                _(
                    "Tài khoản của bạn chưa có số định danh cá nhân nên chưa nộp hồ sơ trực "
                    "tuyến được. Hãy cập nhật tài khoản hoặc nộp tại bộ phận một cửa."
                ),
                code="no_personal_id",
            )
        return data

    ASSISTED_FIELDS = (
        "on_behalf",
        "behalf_name",
        "behalf_id_number",
        "behalf_phone",
        "behalf_address",
        "consent",
        "consent_method",
    )
    OWN_REQUIRED = {
        "applicant_phone": _("Nhập số điện thoại để nhận thông báo về hồ sơ."),
        "applicant_address": _("Nhập địa chỉ liên hệ."),
    }
    ASSISTED_REQUIRED = {
        "behalf_name": _("Nhập họ và tên người dân."),
        "behalf_id_number": _("Nhập số định danh cá nhân (12 chữ số) của người dân."),
        "behalf_phone": _("Nhập số điện thoại của người dân."),
        "consent": _("Cần xác nhận người dân đã đồng ý để bạn nộp thay."),
        "consent_method": _("Ghi rõ người dân đã đồng ý bằng cách nào."),
    }

    def _require(self, data: dict[str, Any], messages: dict[str, Any]) -> None:
        for name, message in messages.items():
            value = data.get(name)
            if not (value.strip() if isinstance(value, str) else value) and name not in self.errors:
                self.add_error(name, message)

    def uploads(self) -> dict[Component, File[Any]]:
        """The files uploaded with this POST, by component."""
        found: dict[Component, File[Any]] = {}
        for component in self.components:
            upload = self.cleaned_data.get(file_field_name(component))
            if isinstance(upload, File):
                found[component] = upload
        return found

    def draft_data(self) -> dict[str, Any]:
        """What a draft keeps: the typed values (units by code), never the consent itself."""
        keep = (
            "applicant_phone",
            "applicant_email",
            "applicant_address",
            "note",
            "on_behalf",
            "behalf_name",
            "behalf_id_number",
            "behalf_phone",
            "behalf_address",
            "consent_method",
        )
        data: dict[str, Any] = {
            name: self.cleaned_data[name]
            for name in keep
            if name in self.cleaned_data and self.cleaned_data[name] not in ("", None, False)
        }
        for name in ("competent_unit", "receiving_unit"):
            unit = self.cleaned_data.get(name)
            if unit is not None:
                data[name] = unit.code
        return data


class SupplementForm(forms.Form):
    """One file for each document the officer asked for."""

    note = forms.CharField(
        label=_("Ghi chú cho cán bộ (không bắt buộc)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, components: Iterable[Component], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = list(components)
        for component in self.components:
            self.fields[file_field_name(component)] = _component_field(component, required=True)

    def file_fields(self) -> list[tuple[Component, forms.BoundField]]:
        return [(c, self[file_field_name(c)]) for c in self.components]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # noqa: S101 - Form.clean returns cleaned_data
        check_files(self, self.components, data)
        return data

    def files_by_component(self) -> dict[int, UploadedFile[Any]]:
        return {c.pk: self.cleaned_data[file_field_name(c)] for c in self.components}


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do xin rút hồ sơ"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cho biết lý do bạn xin rút hồ sơ.")},
    )


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=40,
        help_text=_("Ghi trên giấy tiếp nhận hoặc tin nhắn, ví dụ 000.00.01.H26-261123-0001."),
        error_messages={"required": _("Nhập mã hồ sơ.")},
    )
    suffix = forms.CharField(
        label=_("Bốn số cuối của số định danh cá nhân hoặc số điện thoại"),
        help_text=_("Của người đứng tên hồ sơ, như đã khai khi nộp."),
        max_length=10,
        error_messages={"required": _("Nhập bốn số cuối.")},
    )

    def clean_code(self) -> str:
        # NFKC first, so that full-width letters and digits (typed with an East Asian input
        # method) read as the ASCII code; unit codes are upper case (QCVN 102), people type
        # them any way.
        code = unicodedata.normalize("NFKC", str(self.cleaned_data["code"])).strip().upper()
        if not _LOOKUP_CODE_RE.fullmatch(code):
            raise ValidationError(
                _(
                    "Mã hồ sơ không đúng dạng: gồm mã cơ quan, ngày nộp và số thứ tự, "
                    "ví dụ 000.00.01.H26-261123-0001."
                ),
                code="lookup.code_shape",
            )
        return code

    def clean_suffix(self) -> str:
        # Full-width digits are the same digits in another width: NFKC turns them into 0-9 and
        # we accept them. Digits of other scripts (Arabic-Indic, Devanagari, ...) stay as they
        # are under NFKC and are refused with a message that says why.
        suffix = unicodedata.normalize("NFKC", str(self.cleaned_data["suffix"])).strip()
        if _SUFFIX_RE.fullmatch(suffix):
            return suffix
        if any(not ch.isascii() and unicodedata.category(ch) == "Nd" for ch in suffix):
            raise ValidationError(
                _(
                    "Nhập bốn chữ số bằng các số 0–9 thông thường; bàn phím của bạn đang gõ "
                    "một kiểu chữ số khác."
                ),
                code="lookup.suffix_script",
            )
        raise ValidationError(_("Nhập đúng bốn chữ số."), code="lookup.suffix_digits")
