from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class MotCuaAdminConfig(AdminConfig):
    """Installs MotCuaAdminSite as the admin site (kept apart: it must not import models)."""

    default_site = "accounts.admin_site.MotCuaAdminSite"
