from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self) -> None:
        from dossiers.population import on_update_applied
        from registry.signals import update_applied

        update_applied.connect(on_update_applied, dispatch_uid="dossiers.store_for_newborn")
