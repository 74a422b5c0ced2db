from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class MotCuaAdminSite(admin.AdminSite):
    """The configuration UI: superusers and unit administrators (is_staff follows the role)."""

    site_header = _("MotCua — Quản trị cấu hình")
    site_title = _("MotCua quản trị")
    index_title = _("Cấu hình hệ thống")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff)


class MotCuaAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.MotCuaAdminSite"
