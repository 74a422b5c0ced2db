from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.login import safe_next
from accounts.models import User


def can_configure(user: object) -> bool:
    return isinstance(user, User) and user.can_configure


class MotCuaAdminSite(admin.AdminSite):
    """The configuration UI: superusers and unit administrators (see User.can_configure)."""

    site_header = _("MotCua — Quản trị cấu hình")
    site_title = _("MotCua quản trị")
    index_title = _("Cấu hình hệ thống")

    def has_permission(self, request: HttpRequest) -> bool:
        return can_configure(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Signing in goes through the site's own pages, with the officer's second factor;
        the admin's password-only form is never offered."""
        requested = request.GET.get(REDIRECT_FIELD_NAME)
        index = reverse("admin:index", current_app=self.name)
        next_url = safe_next(request, requested) or index
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(next_url)
            raise PermissionDenied(
                gettext(
                    "Trang quản trị cấu hình chỉ dành cho quản trị viên đơn vị và quản trị hệ "
                    "thống. Tài khoản này không có quyền quản trị cấu hình."
                )
            )
        query = urlencode({REDIRECT_FIELD_NAME: next_url})
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
