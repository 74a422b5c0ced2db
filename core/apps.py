from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from django.db.models import fields

        from core import checks  # noqa: F401 - registers the checks

        # The empty choice of a select built from a model field's choices (admin, model
        # forms): Django's "- Select an option -" has no Vietnamese translation, so it showed
        # in English on Vietnamese pages. Ours is the one the e-forms use, translated.
        fields.BLANK_CHOICE_LABEL = _("— Chọn —")
