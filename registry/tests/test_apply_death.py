"""The embedded registry records a death: the date and place, the periods of residence ended."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from registry.embedded import EmbeddedRegistry
from registry.models import ResidenceRecord, Resident
from registry.records import DeathUpdate, RegistryRefused
from registry.testing import create_resident


class DeathTestCase(TestCase):
    person: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        cls.person = create_resident(temporary_address="Số 9 ngõ Tạm")
        for kind, to_date in (("permanent", None), ("temporary", date(2026, 12, 31))):
            ResidenceRecord.objects.create(
                resident=cls.person, kind=kind, address="Số 1", from_date=date(2020, 1, 1),
                to_date=to_date,
            )  # fmt: skip

    def death(self, id_number: str | None = None, died: date = date(2025, 6, 10)) -> DeathUpdate:
        return DeathUpdate(
            id_number=id_number or self.person.id_number,
            date_of_death=died,
            place_of_death="Bệnh viện Bạch Mai",
            registering_body="000.00.31.H26",
            register_number="7/2025",
        )

    def apply(self, update: DeathUpdate, reference: str = "KT-1") -> None:
        EmbeddedRegistry().apply(update, requester="", reference=reference)

    def test_the_date_of_death_is_recorded_and_looked_up(self) -> None:
        self.apply(self.death())
        person = EmbeddedRegistry().find(self.person.id_number, purpose="x", requester="")
        assert person is not None
        self.assertEqual(person.date_of_death, date(2025, 6, 10))
        self.assertIn("death", person.fields)

    def test_every_running_period_of_residence_ends_that_day(self) -> None:
        self.apply(self.death())
        self.assertEqual(
            list(ResidenceRecord.objects.filter(resident=self.person).values_list("to_date")),
            [(date(2025, 6, 10),), (date(2025, 6, 10),)],
        )
        self.assertEqual(Resident.objects.get(pk=self.person.pk).temporary_address, "")

    def test_the_same_death_sent_again_changes_nothing(self) -> None:
        self.apply(self.death())
        self.apply(self.death())
        self.assertEqual(Resident.objects.get(pk=self.person.pk).date_of_death, date(2025, 6, 10))

    def test_a_person_already_dead_is_refused(self) -> None:
        self.apply(self.death())
        with self.assertRaises(RegistryRefused) as refused:
            self.apply(self.death(died=date(2025, 7, 1)), reference="KT-2")
        self.assertEqual(refused.exception.code, "registry.deceased")

    def test_an_unknown_person_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused) as refused:
            self.apply(self.death(id_number="001090999999"))
        self.assertEqual(refused.exception.code, "registry.unknown_person")

    def test_a_death_before_the_birth_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused) as refused:
            self.apply(self.death(died=date(1980, 1, 1)))
        self.assertEqual(refused.exception.code, "registry.death_before_birth")
