from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.test import SimpleTestCase

from documents.storage import ContentAddressedStorage


class ContentAddressedStorageTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.storage = ContentAddressedStorage(location=self.folder.name)

    def tearDown(self) -> None:
        self.folder.cleanup()

    def files(self) -> list[Path]:
        return [p for p in Path(self.folder.name).rglob("*") if p.is_file()]

    def test_a_file_is_named_by_its_sha256(self) -> None:
        digest = hashlib.sha256(b"noi dung").hexdigest()
        name = self.storage.save("to-khai.PDF", ContentFile(b"noi dung"))
        self.assertEqual(name, f"sha256/{digest[:2]}/{digest[2:4]}/{digest}.pdf")

    def test_the_same_content_is_stored_once(self) -> None:
        first = self.storage.save("a.pdf", ContentFile(b"giong nhau"))
        second = self.storage.save("b.pdf", ContentFile(b"giong nhau"))
        self.assertEqual(first, second)
        self.assertEqual(len(self.files()), 1)

    def test_different_content_gets_different_names(self) -> None:
        first = self.storage.save("a.pdf", ContentFile(b"mot"))
        second = self.storage.save("a.pdf", ContentFile(b"hai"))
        self.assertNotEqual(first, second)

    def test_delete_keeps_a_possibly_shared_file(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"dung chung"))
        self.storage.delete(name)
        self.assertTrue(self.storage.exists(name))
