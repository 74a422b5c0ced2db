from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from accounts.models import User
from catalog.models import ProcedureVersion
from core.testing import create_version


class CatalogAdminTestCase(TestCase):
    def setUp(self) -> None:
        self.admin = User.objects.create_superuser(
            "root", "root@example.vn", "pw-root-1234", full_name="Root", kind="officer"
        )
        self.client.force_login(self.admin)
        self.version = create_version()

    def test_a_new_draft_version_copies_the_published_one(self) -> None:
        self.client.post(
            reverse("admin:catalog_procedureversion_changelist"),
            {"action": "new_draft_version", "_selected_action": [self.version.pk]},
        )
        draft = ProcedureVersion.objects.get(procedure=self.version.procedure, version=2)
        self.assertEqual(draft.status, ProcedureVersion.Status.DRAFT)
        self.assertEqual(draft.name, self.version.name)
        self.assertEqual(draft.components.count(), 1)

    def test_a_published_version_cannot_be_edited(self) -> None:
        url = reverse("admin:catalog_procedureversion_change", args=[self.version.pk])
        self.client.post(url, {"name": "Tên đã sửa"})
        self.version.refresh_from_db()
        self.assertNotEqual(self.version.name, "Tên đã sửa")

    def test_a_published_version_cannot_be_deleted(self) -> None:
        url = reverse("admin:catalog_procedureversion_delete", args=[self.version.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.assertTrue(ProcedureVersion.objects.filter(pk=self.version.pk).exists())
