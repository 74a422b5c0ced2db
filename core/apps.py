from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from core import checks  # noqa: F401 - registers the checks
