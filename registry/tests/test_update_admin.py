"""The updates sent to the registry are in the admin, read-only."""

from __future__ import annotations

from datetime import date

from django.test import TestCase
from django.urls import reverse

from accounts.models import User
from registry.models import RegistryUpdate
from registry.records import DeathUpdate
from registry.updates import queue_update


class UpdateAdminTestCase(TestCase):
    def setUp(self) -> None:
        admin = User.objects.create_superuser(
            "root", "root@example.vn", "pw-root-1234", full_name="Root", kind="officer"
        )
        self.client.force_login(admin)
        with self.captureOnCommitCallbacks():  # left unsent
            self.row = queue_update(
                DeathUpdate("001090012345", date(2025, 6, 1), "Hà Nội", "000.00.31.H26", "7"),
                reference="H26-250601-0001",
                actor=admin,
            )

    def test_the_log_lists_each_update_with_its_status(self) -> None:
        response = self.client.get(reverse("admin:registry_registryupdate_changelist"))
        self.assertContains(response, "H26-250601-0001")
        self.assertContains(response, "Chờ gửi")

    def test_an_update_cannot_be_changed_there(self) -> None:
        url = reverse("admin:registry_registryupdate_change", args=[self.row.pk])
        self.client.post(url, {"status": "applied"})
        self.assertEqual(RegistryUpdate.objects.get().status, RegistryUpdate.Status.PENDING)

    def test_an_update_cannot_be_deleted_there(self) -> None:
        url = reverse("admin:registry_registryupdate_delete", args=[self.row.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
