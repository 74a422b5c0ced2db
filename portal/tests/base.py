"""What the portal tests share: a commune centre with its officers, a commune procedure
(two components, the second one held in the population registry), two citizens, and uploads
stored in a temporary folder."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from core.testing import create_citizen
from documents.testing import image_bytes, pdf_bytes
from dossiers.testing import Office, create_procedure

# Headers that carry the second a response was made, not what it says.
_CLOCK_HEADERS = {"date", "expires"}


def timeless_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers of a response but for those that change with the clock."""
    return {name: value for name, value in headers.items() if name.lower() not in _CLOCK_HEADERS}


def pdf(name: str = "to-khai.pdf", size: int = 0) -> SimpleUploadedFile:
    """A real one-page PDF (padded after its end to ``size`` bytes when asked)."""
    content = pdf_bytes()
    return SimpleUploadedFile(name, content + b"\n" * max(size - len(content), 0))


def jpeg(name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"))


class PortalTestCase(TestCase):
    _media: str
    _media_override: override_settings
    office: Office
    version: ProcedureVersion
    form_component: Component
    residence_component: Component
    citizen: User
    other: User

    @classmethod
    def setUpClass(cls) -> None:
        cls._media = tempfile.mkdtemp(prefix="motcua-portal-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")
        cls.version = create_procedure(days=3)
        cls.form_component, cls.residence_component = list(cls.version.components.all())
        cls.citizen = create_citizen(phone="0987654321", full_name="Nguyễn Thị Lan")
        cls.other = create_citizen(full_name="Trần Văn Bình")

    def apply_url(self, query: str = "") -> str:
        url = reverse("portal:apply", args=[self.version.procedure.code])
        return f"{url}?{query}" if query else url

    def application(self, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "submission_key": str(uuid.uuid4()),
            "applicant_phone": "0987654321",
            "applicant_email": "lan@example.vn",
            "applicant_address": "Số 1 Phố Thử, Phường Thử",
            "competent_unit": self.office.unit.code,
            "note": "",
            "action": "submit",
            "tp_1": pdf(),
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}
