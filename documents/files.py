"""Removing the files a failed transaction stored.

Stored files are content-addressed and may be shared, so a file is removed only when no row
of any model points at it any more (the failed transaction's rows are gone by then). What a
race leaves behind, ``documents gc`` collects later.

Code that stores files and then writes the rows pointing at them runs inside ``staging()``:
every file stored in the block (``staged(name)``, called by whatever stores one) is removed
if the block fails, so nothing is left behind by a decision that did not commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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


_staged: ContextVar[list[str] | None] = ContextVar("motcua_staged_files", default=None)


@contextmanager
def staging() -> Iterator[None]:
    """Remove the files stored inside the block if it raises (shared files stay). A block
    inside another hands what it stored to the outer one, which may still fail."""
    names: list[str] = []
    outer = _staged.get()
    token = _staged.set(names)
    try:
        yield
    except BaseException:
        discard_unreferenced(names)
        raise
    finally:
        _staged.reset(token)
    if outer is not None:
        outer.extend(names)


def staged(name: str | None) -> None:
    """Note a file just stored, to be removed if the enclosing ``staging()`` block fails."""
    names = _staged.get()
    if names is not None and name:
        names.append(name)
