"""``documents.files.staging``: files stored in a block that fails are removed, unless a row
still points at them; a block inside another hands its files to the outer one."""

from __future__ import annotations

import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import TestCase, override_settings

from documents.files import staged, staging


class Boom(Exception):
    pass


class StagingTestCase(TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        media = override_settings(MEDIA_ROOT=folder.name)
        media.enable()
        self.addCleanup(media.disable)
        self.storage = storages["default"]

    def store(self, content: bytes) -> str:
        name = self.storage.save("tep.pdf", ContentFile(content))
        staged(name)
        return name

    def test_a_failed_block_removes_what_it_stored(self) -> None:
        with self.assertRaises(Boom), staging():
            name = self.store(b"%PDF-1.7 a")
            raise Boom
        self.assertFalse(self.storage.exists(name))

    def test_a_block_that_succeeds_keeps_its_files(self) -> None:
        with staging():
            name = self.store(b"%PDF-1.7 b")
        self.assertTrue(self.storage.exists(name))

    def test_an_inner_block_that_succeeded_goes_with_the_outer_failure(self) -> None:
        with self.assertRaises(Boom), staging():
            with staging():
                name = self.store(b"%PDF-1.7 c")
            raise Boom
        self.assertFalse(self.storage.exists(name))

    def test_a_file_stored_outside_any_block_is_not_tracked(self) -> None:
        name = self.store(b"%PDF-1.7 d")
        with self.assertRaises(Boom), staging():
            raise Boom
        self.assertTrue(self.storage.exists(name))
