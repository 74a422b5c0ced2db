"""Content-addressed file storage: every file is stored once, under its SHA-256.

``ContentAddressedStorage`` wraps Django's local file storage (the default); the same mixin
goes on an S3-compatible storage when one is configured. Names look like
``sha256/ab/cd/abcd…ef.pdf``: the same content saved twice is written once, and a stored file
never changes. Files are therefore never deleted through the storage — a row that stops
pointing at a file just leaves it for ``documents gc``, which removes what no row references.
"""

from __future__ import annotations

import hashlib
import posixpath
from typing import Any

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage

CHUNK = 1024 * 1024


def sha256_of(content: File[Any]) -> str:
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks(CHUNK):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def hashed_name(digest: str, original_name: str) -> str:
    extension = posixpath.splitext(original_name)[1].lower()[:10]
    return f"sha256/{digest[:2]}/{digest[2:4]}/{digest}{extension}"


class ContentAddressedMixin:
    """Names every saved file after its SHA-256 and writes each content only once."""

    def save(self, name: str | None, content: File[Any], max_length: int | None = None) -> str:
        digest = sha256_of(content)
        target = hashed_name(digest, name or getattr(content, "name", "") or "")
        if self.exists(target):  # type: ignore[attr-defined]
            return target
        return super().save(target, content, max_length)  # type: ignore[misc,no-any-return]

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name  # the name is the content: an existing file is the same file

    def delete(self, name: str) -> None:
        """Stored files are immutable and may be shared: only ``documents gc`` removes them."""

    def purge(self, name: str) -> None:
        super().delete(name)  # type: ignore[misc]


class ContentAddressedStorage(ContentAddressedMixin, FileSystemStorage):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        # Two writers of the same new content may race; both write identical bytes.
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)
