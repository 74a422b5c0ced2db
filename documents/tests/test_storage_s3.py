"""ContentAddressedS3Storage against a real S3 server (moto's server mode on 127.0.0.1)."""

from __future__ import annotations

import hashlib
import time
import urllib.request
import uuid
from datetime import timedelta
from typing import Any

import boto3  # type: ignore[import-untyped]
from django.core.files.base import ContentFile
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from moto.server import ThreadedMotoServer

from documents.s3 import ContentAddressedS3Storage
from documents.storage import collect_garbage

CREDENTIALS = {"access_key": "motcua-test", "secret_key": "motcua-test-secret"}
REGION = "us-east-1"


class CountingS3Storage(ContentAddressedS3Storage):
    """Records every upload of content, to show what is written."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.uploads: list[str] = []

    def _save(self, name: str, content: Any) -> str:
        self.uploads.append(name)
        return super()._save(name, content)


class S3ServerMixin:
    server: ThreadedMotoServer
    endpoint: str

    @classmethod
    def start_s3(cls) -> None:
        cls.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        cls.server.start()
        host, port = cls.server.get_host_and_port()
        cls.endpoint = f"http://{host}:{port}"

    def new_storage(self) -> CountingS3Storage:
        bucket = f"motcua-{uuid.uuid4().hex}"
        self.s3().create_bucket(Bucket=bucket)
        return CountingS3Storage(
            bucket_name=bucket, endpoint_url=self.endpoint, region_name=REGION, **CREDENTIALS
        )

    def s3(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
        )

    def keys(self, storage: ContentAddressedS3Storage) -> list[str]:
        listing = self.s3().list_objects_v2(Bucket=storage.bucket_name)
        return [entry["Key"] for entry in listing.get("Contents", [])]


class ContentAddressedS3StorageTestCase(S3ServerMixin, SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.start_s3()
        cls.addClassCleanup(cls.server.stop)

    def setUp(self) -> None:
        self.storage = self.new_storage()

    def test_save_returns_the_sha256_name(self) -> None:
        digest = hashlib.sha256(b"to khai").hexdigest()
        name = self.storage.save("to-khai.PDF", ContentFile(b"to khai"))
        self.assertEqual(name, f"sha256/{digest[:2]}/{digest[2:4]}/{digest}.pdf")

    def test_the_same_content_saved_twice_is_written_once(self) -> None:
        first = self.storage.save("a.pdf", ContentFile(b"giong nhau"))
        second = self.storage.save("b.pdf", ContentFile(b"giong nhau"))
        self.assertEqual(first, second)
        self.assertEqual(self.storage.uploads, [first])
        self.assertEqual(self.keys(self.storage), [first])

    def test_the_saved_bytes_are_read_back(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"%PDF-1.7 noi dung"))
        with self.storage.open(name, "rb") as stored:
            self.assertEqual(stored.read(), b"%PDF-1.7 noi dung")

    def test_a_saved_file_exists(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"co that"))
        self.assertTrue(self.storage.exists(name))

    def test_an_unsaved_name_does_not_exist(self) -> None:
        self.assertFalse(self.storage.exists("sha256/00/00/0000.pdf"))

    def test_the_url_downloads_the_file(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"tai xuong"))
        url = self.storage.url(name)
        self.assertTrue(url.startswith(f"{self.endpoint}/{self.storage.bucket_name}/{name}?"))
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
            self.assertEqual(response.read(), b"tai xuong")

    def test_different_content_gets_a_different_name(self) -> None:
        first = self.storage.save("a.pdf", ContentFile(b"mot"))
        second = self.storage.save("a.pdf", ContentFile(b"hai"))
        self.assertNotEqual(first, second)
        self.assertEqual(sorted(self.keys(self.storage)), sorted([first, second]))

    def test_delete_keeps_a_possibly_shared_file(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"dung chung"))
        self.storage.delete(name)
        self.assertTrue(self.storage.exists(name))

    def test_purge_removes_the_object(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"xoa han"))
        self.storage.purge(name)
        self.assertEqual(self.keys(self.storage), [])

    def test_saving_stored_content_again_renews_its_modified_time(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"lai gui"))
        before = self.storage.get_modified_time(name)
        time.sleep(1.1)  # S3 keeps modification times to the second
        self.storage.save("b.pdf", ContentFile(b"lai gui"))
        self.assertGreater(self.storage.get_modified_time(name), before)

    def test_renewing_keeps_the_content_and_its_type(self) -> None:
        name = self.storage.save("a.pdf", ContentFile(b"%PDF-1.7 giu nguyen"))
        self.storage.save("b.pdf", ContentFile(b"%PDF-1.7 giu nguyen"))
        stored = self.s3().get_object(Bucket=self.storage.bucket_name, Key=name)
        self.assertEqual(
            (stored["Body"].read(), stored["ContentType"]),
            (b"%PDF-1.7 giu nguyen", "application/pdf"),
        )

    def test_it_lists_every_stored_file(self) -> None:
        names = {self.storage.save("a.pdf", ContentFile(text)) for text in (b"1", b"2", b"3")}
        self.assertEqual(set(self.storage.stored_names()), names)

    def test_it_lists_names_inside_its_location(self) -> None:
        storage = self.new_storage()
        storage.location = "motcua"
        name = storage.save("a.pdf", ContentFile(b"trong thu muc"))
        self.assertEqual(
            (list(storage.stored_names()), self.keys(storage)), ([name], [f"motcua/{name}"])
        )


class S3GarbageCollectionTestCase(S3ServerMixin, TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.start_s3()
        cls.addClassCleanup(cls.server.stop)

    def test_an_unreferenced_old_object_is_removed(self) -> None:
        storage = self.new_storage()
        storage.save("a.pdf", ContentFile(b"bo quen"))
        later = timezone.now() + timedelta(hours=2)
        collected = collect_garbage(storage, older_than=timedelta(hours=1), now=later)
        self.assertEqual((collected.removed, self.keys(storage)), (1, []))
