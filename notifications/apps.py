from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def install_default_templates(sender: AppConfig, **kwargs: Any) -> None:
    """Version 1 of every message template that has none yet (notifications.defaults)."""
    from django.db import connections

    from notifications import defaults
    from notifications.models import MessageTemplate

    connection = connections[kwargs.get("using", "default")]
    if MessageTemplate._meta.db_table in connection.introspection.table_names():
        defaults.install(MessageTemplate)


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from notifications import checks  # noqa: F401 - registers the system checks

        post_migrate.connect(install_default_templates, sender=self)
