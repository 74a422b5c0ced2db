from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User


def can_configure(user: object) -> bool:
    return isinstance(user, User) and user.can_configure


class ConfigurationLoginForm(AdminAuthenticationForm):
    """Admits superusers and unit administrators, whatever their ``is_staff`` flag."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không có quyền quản trị."
        ),
    }

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        if not can_configure(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class MotCuaAdminSite(admin.AdminSite):
    """The configuration UI: superusers and unit administrators (see User.can_configure)."""

    site_header = _("MotCua — Quản trị cấu hình")
    site_title = _("MotCua quản trị")
    index_title = _("Cấu hình hệ thống")
    login_form = ConfigurationLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        return can_configure(request.user)
