"""``ContentAddressedS3Storage``: the content-addressed storage of ``documents.storage`` on an
S3-compatible object store. In a module of its own so that boto3 is imported only where the
settings choose S3 (``documents.storage`` gives the name on first use)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from botocore.exceptions import ClientError  # type: ignore[import-untyped]
from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]
from storages.utils import clean_name  # type: ignore[import-untyped]

from documents.storage import PREFIX, ContentAddressedMixin


class ContentAddressedS3Storage(ContentAddressedMixin, S3Storage):  # type: ignore[misc]
    """The same on an S3-compatible object store (AWS, MinIO, Ceph, Viettel/FPT/VNPT S3…)."""

    def refresh(self, name: str) -> bool:
        # Copying an object onto itself with new metadata renews its LastModified without
        # sending the content again.
        key = self._normalize_name(clean_name(name))
        client = self.connection.meta.client
        try:
            head = client.head_object(Bucket=self.bucket_name, Key=key)
            extra = {
                "ContentType": head.get("ContentType") or self.default_content_type,
                "Metadata": head.get("Metadata", {}),
            }
            if head.get("ContentEncoding"):
                extra["ContentEncoding"] = head["ContentEncoding"]
            client.copy_object(
                Bucket=self.bucket_name,
                Key=key,
                CopySource={"Bucket": self.bucket_name, "Key": key},
                MetadataDirective="REPLACE",
                **{**self.get_object_parameters(key), **extra},
            )
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                return False
            raise
        return True

    def get_modified_time(self, name: str) -> datetime:
        try:
            modified: datetime = super().get_modified_time(name)
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from None
            raise
        return modified

    def stored_names(self) -> Iterator[str]:
        """One flat listing of the prefix instead of walking 65,536 folders."""
        location = self.location.strip("/")
        base = f"{location}/" if location else ""
        paginator = self.connection.meta.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket_name, Prefix=base + PREFIX):
            for entry in page.get("Contents", ()):
                yield entry["Key"][len(base) :]
