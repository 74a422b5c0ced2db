from __future__ import annotations

import hashlib
import os
import runpy
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import storages as django_storages
from django.test import SimpleTestCase

from documents.storage import ContentAddressedMixin, ContentAddressedStorage


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

    def test_saving_stored_content_again_refreshes_its_modified_time(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"lai gui"))
        long_ago = time.time() - 7 * 24 * 3600
        os.utime(self.storage.path(name), (long_ago, long_ago))
        self.storage.save("b.pdf", ContentFile(b"lai gui"))
        self.assertGreater(os.path.getmtime(self.storage.path(name)), time.time() - 60)

    def test_it_lists_every_stored_file(self) -> None:
        names = {self.storage.save("a.pdf", ContentFile(text)) for text in (b"1", b"2", b"3")}
        self.assertEqual(set(self.storage.stored_names()), names)

    def test_it_lists_nothing_before_the_first_file(self) -> None:
        self.assertEqual(list(self.storage.stored_names()), [])

    def test_purge_removes_the_file(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"xoa han"))
        self.storage.purge(name)
        self.assertFalse(self.storage.exists(name))


class DefaultStorageSettingsTestCase(SimpleTestCase):
    """config/settings.py chooses the storage from the environment."""

    def storage_settings(self, **environment: str) -> dict[str, Any]:
        settings_file = Path(__file__).resolve().parents[2] / "config" / "settings.py"
        variables = {key: value for key, value in os.environ.items() if key != "MOTCUA_S3_BUCKET"}
        with mock.patch.dict(os.environ, {**variables, **environment}, clear=True):
            storages: dict[str, Any] = runpy.run_path(str(settings_file))["STORAGES"]
        return storages

    def test_files_are_content_addressed_on_disk_by_default(self) -> None:
        storages = self.storage_settings()
        self.assertEqual(
            storages["default"], {"BACKEND": "documents.storage.ContentAddressedStorage"}
        )

    def test_a_bucket_makes_files_content_addressed_in_s3(self) -> None:
        storages = self.storage_settings(
            MOTCUA_S3_BUCKET="motcua-tep",
            MOTCUA_S3_ENDPOINT_URL="https://s3.example.vn",
            MOTCUA_S3_ACCESS_KEY="khoa",
            MOTCUA_S3_SECRET_KEY="bi-mat",
            MOTCUA_S3_REGION="hn-1",
        )
        options = dict(storages["default"]["OPTIONS"])
        client = options.pop("client_config")
        self.assertEqual(storages["default"]["BACKEND"], "documents.s3.ContentAddressedS3Storage")
        self.assertEqual(
            options,
            {
                "bucket_name": "motcua-tep",
                "endpoint_url": "https://s3.example.vn",
                "access_key": "khoa",
                "secret_key": "bi-mat",
                "region_name": "hn-1",
            },
        )
        # Every call to the bucket is bounded in time.
        self.assertEqual((client.connect_timeout, client.read_timeout), (5, 30))

    def test_static_files_keep_django_storage(self) -> None:
        storages = self.storage_settings(MOTCUA_S3_BUCKET="motcua-tep")
        self.assertEqual(
            storages["staticfiles"],
            {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        )

    def test_the_project_uses_content_addressed_storage(self) -> None:
        self.assertIsInstance(django_storages["default"], ContentAddressedMixin)
