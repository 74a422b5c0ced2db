"""Removing the files a failed transaction stored.

Stored files are content-addressed and may be shared, so a file is removed only when no row
of any model points at it any more (the failed transaction's rows are gone by then). What a
race leaves behind, ``documents gc`` collects later.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models


def _referenced(name: str) -> bool:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.concrete:
                if model._default_manager.filter(**{field.name: name}).exists():
                    return True
    return False


def discard_unreferenced(names: Iterable[str]) -> None:
    remove = getattr(default_storage, "purge", default_storage.delete)
    for name in dict.fromkeys(n for n in names if n):
        if not _referenced(name):
            remove(name)
