"""Content-addressed file storage: every file is stored once, under its SHA-256.

``ContentAddressedStorage`` wraps Django's local file storage (the default);
``ContentAddressedS3Storage`` puts the same mixin on an S3-compatible storage (chosen in the
settings when ``MOTCUA_S3_BUCKET`` is set). Names look like ``sha256/ab/cd/abcd…ef.pdf``: the
same content saved twice is written once, and a stored file never changes. Files are therefore
never deleted through the storage — a row that stops pointing at a file just leaves it for
``documents gc``, which removes what no row references and has not been saved for a while.

Saving content that is already stored writes nothing but refreshes the file's modification
time (as ``git`` does for objects it finds already present), so ``documents gc`` never removes
a file that an upload still in progress has just been given.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.db import models

from core import clock

CHUNK = 1024 * 1024
PREFIX = "sha256/"


def sha256_of(content: File[Any]) -> str:
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks(CHUNK):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def hashed_name(digest: str, original_name: str) -> str:
    extension = posixpath.splitext(original_name)[1].lower()[:10]
    return f"{PREFIX}{digest[:2]}/{digest[2:4]}/{digest}{extension}"


class ContentAddressedMixin:
    """Names every saved file after its SHA-256 and writes each content only once."""

    def save(self, name: str | None, content: File[Any], max_length: int | None = None) -> str:
        digest = sha256_of(content)
        target = hashed_name(digest, name or getattr(content, "name", "") or "")
        if self.refresh(target):
            return target
        return super().save(target, content, max_length)  # type: ignore[misc,no-any-return]

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name  # the name is the content: an existing file is the same file

    def refresh(self, name: str) -> bool:
        """Mark a stored file as just saved; False when there is no such file."""
        raise NotImplementedError

    def delete(self, name: str) -> None:
        """Stored files are immutable and may be shared: only ``documents gc`` removes them."""

    def purge(self, name: str) -> None:
        super().delete(name)  # type: ignore[misc]

    def stored_names(self) -> Iterator[str]:
        """Every file under ``sha256/``, walking the folders (storages may list faster)."""
        folders = [PREFIX.rstrip("/")]
        while folders:
            folder = folders.pop()
            try:
                subfolders, files = self.listdir(folder)  # type: ignore[attr-defined]
            except FileNotFoundError:
                continue
            folders.extend(f"{folder}/{sub}" for sub in subfolders)
            yield from (f"{folder}/{file}" for file in files)


class ContentAddressedStorage(ContentAddressedMixin, FileSystemStorage):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        # Two writers of the same new content may race; both write identical bytes.
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    def refresh(self, name: str) -> bool:
        try:
            os.utime(self.path(name))
        except FileNotFoundError:
            return False
        return True


def referenced_names() -> set[str]:
    """Every content-addressed name a file field of an installed model points at.

    Each model is read through its base manager, so rows a default manager hides (archived,
    soft-deleted…) still keep their files.
    """
    names: set[str] = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if not isinstance(field, models.FileField):  # ImageField is one too
                continue
            column = field.attname
            rows = model._base_manager.filter(**{f"{column}__startswith": PREFIX})
            names.update(rows.values_list(column, flat=True).iterator())
    return names


@dataclass
class Collected:
    kept: int = 0
    removed: int = 0
    freed: int = 0  # bytes


def collect_garbage(
    storage: ContentAddressedMixin,
    *,
    older_than: timedelta,
    dry_run: bool = False,
    now: datetime | None = None,
) -> Collected:
    """Remove the stored files no row references and nobody has saved for ``older_than``.

    References are read before the files are listed: a file saved after that was saved (or
    refreshed) moments ago, so it is too young to go while its row is still being written.
    """
    referenced = referenced_names()
    cutoff = (now or clock.wall()) - older_than
    result = Collected()
    for name in storage.stored_names():
        if name in referenced:
            result.kept += 1
            continue
        try:
            if storage.get_modified_time(name) > cutoff:  # type: ignore[attr-defined]
                result.kept += 1
                continue
            size: int = storage.size(name)  # type: ignore[attr-defined]
        except FileNotFoundError:
            continue  # removed meanwhile
        if not dry_run:
            storage.purge(name)
        result.removed += 1
        result.freed += size
    return result
