"""queue_update writes the outbox row in the caller's transaction and sends it after commit."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.test import TestCase

from accounts.models import User
from core.testing import create_officer, create_unit
from registry.models import MaritalStatus, RegistryUpdate, Resident
from registry.records import MarriageUpdate
from registry.testing import create_resident, start_gateway
from registry.updates import queue_update
from units.models import GovernmentUnit


class Rollback(Exception):
    pass


class QueueUpdateTestCase(TestCase):
    unit: GovernmentUnit
    officer: User
    update: MarriageUpdate

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()
        cls.officer = create_officer(cls.unit, full_name="Cán Bộ Tư Pháp")
        groom = create_resident()
        bride = create_resident(sex="female", date_of_birth=date(1996, 1, 1))
        cls.update = MarriageUpdate(
            groom.id_number, bride.id_number, date(2025, 5, 1), cls.unit.code, "3/2025"
        )

    def queue(
        self, reference: str = "KH-1", update: MarriageUpdate | None = None
    ) -> RegistryUpdate:
        return queue_update(
            update or self.update, reference=reference, dossier_id=42, actor=self.officer,
            unit=self.unit,
        )  # fmt: skip

    def test_it_records_who_decided_for_which_dossier_and_whom_it_concerns(self) -> None:
        with self.captureOnCommitCallbacks():
            row = self.queue()
        self.assertEqual(
            (row.actor_name, row.unit, row.dossier_id), ("Cán Bộ Tư Pháp", self.unit, 42)
        )
        self.assertEqual(row.subjects.split(), list(self.update.subjects))
        self.assertEqual((row.kind, row.payload), ("marriage", self.update.to_json()))

    def test_it_is_sent_once_the_transaction_commits(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            row = self.queue()
        row.refresh_from_db()
        self.assertEqual((row.status, row.source), (RegistryUpdate.Status.APPLIED, "embedded"))
        self.assertEqual(
            set(Resident.objects.values_list("marital_status", flat=True)),
            {MaritalStatus.MARRIED},
        )

    def test_a_rolled_back_transaction_leaves_nothing(self) -> None:
        gateway = start_gateway(self, b"khoa-thu")  # an outside registry: nothing reaches it
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    self.queue()
                    raise Rollback
            except Rollback:
                pass
        self.assertFalse(RegistryUpdate.objects.exists())
        self.assertEqual(gateway.requests, [])

    def test_the_same_update_queued_again_is_the_same_row(self) -> None:
        with self.captureOnCommitCallbacks():
            first = self.queue()
            self.assertEqual(self.queue(), first)
        self.assertEqual(RegistryUpdate.objects.count(), 1)

    def test_another_update_under_a_used_reference_is_an_error(self) -> None:
        other = MarriageUpdate(
            self.update.first_id_number, "001195000001", date(2025, 5, 1), self.unit.code, "4"
        )
        with self.captureOnCommitCallbacks():
            self.queue()
            with self.assertRaises(ValueError):
                self.queue(update=other)
