"""``documents gc``: stored files no row references, saved long enough ago, are removed."""

from __future__ import annotations

import os
import tempfile
import time
from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from catalog.models import Component
from core.testing import create_version
from documents.storage import ContentAddressedStorage

HOUR = 3600


class GarbageCollectionTestCase(TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        media = override_settings(MEDIA_ROOT=folder.name)
        media.enable()
        self.addCleanup(media.disable)
        storage = storages["default"]
        assert isinstance(storage, ContentAddressedStorage)
        self.storage = storage

    def stored(self, content: bytes, *, hours_old: float) -> str:
        name = self.storage.save("tep.pdf", ContentFile(content))
        then = time.time() - hours_old * HOUR
        os.utime(self.storage.path(name), (then, then))
        return name

    def gc(self, *arguments: str) -> str:
        out = StringIO()
        call_command("documents", "gc", *arguments, stdout=out)
        return out.getvalue()

    def test_an_unreferenced_old_file_is_removed(self) -> None:
        name = self.stored(b"bo quen", hours_old=48)
        self.gc()
        self.assertFalse(self.storage.exists(name))

    def test_a_referenced_file_is_kept(self) -> None:
        name = self.stored(b"mau don", hours_old=48)
        component = create_version().components.get()
        Component.objects.filter(pk=component.pk).update(template=name)
        self.gc()
        self.assertTrue(self.storage.exists(name))

    def test_a_young_unreferenced_file_is_kept(self) -> None:
        name = self.stored(b"dang tai len", hours_old=1)
        self.gc()
        self.assertTrue(self.storage.exists(name))

    def test_older_than_hours_sets_what_is_young(self) -> None:
        name = self.stored(b"hai gio", hours_old=2)
        self.gc("--older-than-hours", "1")
        self.assertFalse(self.storage.exists(name))

    def test_a_dry_run_removes_nothing(self) -> None:
        name = self.stored(b"bo quen", hours_old=48)
        self.gc("--dry-run")
        self.assertTrue(self.storage.exists(name))

    def test_a_dry_run_counts_what_would_go(self) -> None:
        self.stored(b"bo quen", hours_old=48)
        self.assertIn("Sẽ xóa (chạy thử, chưa xóa gì): 1 tệp", self.gc("--dry-run"))

    def test_it_reports_kept_removed_and_bytes_freed(self) -> None:
        self.stored(b"12345", hours_old=48)
        self.stored(b"moi", hours_old=0)
        self.assertEqual(self.gc(), "Giữ lại: 1 tệp. Đã xóa: 1 tệp, giải phóng 5 byte.\n")

    def test_files_outside_the_content_addressed_folder_are_left_alone(self) -> None:
        old_style = self.storage.path("dossiers/2025/01/to-khai.pdf")
        os.makedirs(os.path.dirname(old_style))
        with open(old_style, "wb") as file:
            file.write(b"ten cu")
        os.utime(old_style, (0, 0))
        self.gc()
        self.assertTrue(os.path.exists(old_style))

    def test_less_than_an_hour_is_refused(self) -> None:
        with self.assertRaisesMessage(CommandError, "từ 1 trở lên"):
            self.gc("--older-than-hours", "0")

    def test_verify_still_reads_its_file(self) -> None:
        with self.assertRaisesMessage(CommandError, "Không đọc được tệp"):
            call_command("documents", "verify", "/khong/co/tep.pdf", stdout=StringIO())
