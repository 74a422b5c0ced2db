from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import normalise_login
from core.text import is_ascii_digits, typed_code


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập (hoặc số định danh cá nhân) hoặc mật khẩu không đúng. "
            "Lưu ý chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Tên đăng nhập hoặc số định danh cá nhân")
        self.fields["password"].label = _("Mật khẩu")

    def clean_username(self) -> str:
        # The view already passes normalise_login's result (it is idempotent); this keeps the
        # form right wherever else it is used.
        return normalise_login(str(self.cleaned_data.get("username") or ""))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=12,
        error_messages={"required": _("Nhập mã gồm 6 chữ số.")},
    )

    def clean_code(self) -> str:
        code = typed_code(str(self.cleaned_data["code"]))
        if not is_ascii_digits(code, 6):
            raise forms.ValidationError(_("Mã gồm đúng 6 chữ số."), code="format")
        return code
