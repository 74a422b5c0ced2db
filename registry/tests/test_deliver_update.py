"""Delivering a queued update to the embedded registry: applied with its answer, refused for
good, never sent twice; the worker's sweep sends what the after-commit path lost."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import TestCase

from accounts.models import User
from core import clock
from core.testing import create_officer, create_unit
from notifications.worker import load_sweeps
from registry.delivery import deliver, sweep
from registry.models import RegistryUpdate, Resident
from registry.records import BirthUpdate, DeathUpdate
from registry.testing import create_resident
from registry.updates import queue_update
from units.models import GovernmentUnit

Status = RegistryUpdate.Status


class DeliverUpdateTestCase(TestCase):
    unit: GovernmentUnit
    officer: User
    mother: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()
        cls.officer = create_officer(cls.unit)
        cls.mother = create_resident(sex="female", date_of_birth=date(1995, 1, 2))

    def queue(self, update: BirthUpdate | DeathUpdate, reference: str = "REF-1") -> RegistryUpdate:
        # Committed in the test's transaction; the after-commit send is left out (lost).
        return queue_update(update, reference=reference, actor=self.officer, unit=self.unit)

    def birth(self) -> BirthUpdate:
        return BirthUpdate(
            full_name="Nguyễn Văn Con", date_of_birth=date(2025, 3, 1), sex="male",
            ethnicity="Kinh", nationality="Việt Nam", place_of_birth="Hà Nội",
            home_town="Hà Nội", mother_id_number=self.mother.id_number,
            residence_address=self.mother.permanent_address, residence_unit_code=None,
            registering_body=self.unit.code, register_number="1/2025",
        )  # fmt: skip

    def death(self, id_number: str) -> DeathUpdate:
        return DeathUpdate(id_number, date(2025, 6, 1), "Hà Nội", self.unit.code, "2/2025")

    def test_an_applied_birth_keeps_the_number_it_was_given(self) -> None:
        row = self.queue(self.birth())
        self.assertEqual(deliver(row.pk), Status.APPLIED)
        row.refresh_from_db()
        child = Resident.objects.get(full_name="Nguyễn Văn Con")
        self.assertEqual(row.assigned_id_number, child.id_number)
        self.assertIn(child.id_number, row.message)
        self.assertEqual(row.attempts, 1)

    def test_an_applied_update_is_not_sent_again(self) -> None:
        row = self.queue(self.birth())
        deliver(row.pk)
        RegistryUpdate.objects.filter(pk=row.pk).update(next_attempt_at=clock.wall())
        self.assertEqual(deliver(row.pk), "skipped")
        self.assertEqual(RegistryUpdate.objects.get(pk=row.pk).attempts, 1)

    def test_a_refusal_is_final_with_its_message_and_code(self) -> None:
        row = self.queue(self.death("001090999999"))
        self.assertEqual(deliver(row.pk), Status.REFUSED)
        row.refresh_from_db()
        self.assertEqual(row.error_code, "registry.unknown_person")
        self.assertIn("Không có công dân", row.last_error)
        self.assertEqual(sweep(), 0)

    def test_an_update_claimed_by_another_worker_is_skipped(self) -> None:
        row = self.queue(self.birth())
        later = clock.wall() + timedelta(minutes=5)
        RegistryUpdate.objects.filter(pk=row.pk).update(next_attempt_at=later)  # their lease
        self.assertEqual(deliver(row.pk), "skipped")
        self.assertFalse(Resident.objects.filter(full_name="Nguyễn Văn Con").exists())

    def test_the_sweep_sends_what_the_after_commit_path_lost(self) -> None:
        self.queue(self.birth())
        self.queue(self.death(self.mother.id_number), reference="REF-2")
        self.assertEqual(sweep(), 2)
        self.assertEqual(
            set(RegistryUpdate.objects.values_list("status", flat=True)), {Status.APPLIED}
        )

    def test_the_worker_runs_the_sweep(self) -> None:
        self.queue(self.birth())
        sweeps = dict(load_sweeps())  # MOTCUA_WORKER_SWEEPS, as the worker loads them
        self.assertEqual(sweeps["registry.delivery.sweep"](), 1)
