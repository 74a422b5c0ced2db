"""The embedded registry records a residence: the previous period ends the day before the new
one starts, the history keeps both, and a permanent move may change the household."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from core.testing import create_commune
from registry.embedded import EmbeddedRegistry
from registry.models import Relation, ResidenceRecord, Resident
from registry.records import RegistryRefused, ResidenceUpdate
from registry.testing import create_resident
from units.models import AdministrativeUnit


class ResidenceTestCase(TestCase):
    old: AdministrativeUnit
    new: AdministrativeUnit
    person: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        cls.old = create_commune()
        cls.new = create_commune(cls.old.province)
        cls.person = create_resident(permanent_unit=cls.old, household="HK1")
        ResidenceRecord.objects.create(
            resident=cls.person, kind="permanent", address="Số 1 phố Cũ", unit=cls.old,
            from_date=date(2015, 1, 1),
        )  # fmt: skip

    def move(self, reference: str = "TT-1", **overrides: object) -> Resident:
        fields: dict[str, object] = {
            "id_number": self.person.id_number,
            "kind": "permanent",
            "address": "Số 5 phố Mới",
            "unit_code": self.new.code,
            "from_date": date(2025, 4, 1),
        }
        fields.update(overrides)
        update = ResidenceUpdate(**fields)  # type: ignore[arg-type]
        EmbeddedRegistry().apply(update, requester="", reference=reference)
        return Resident.objects.get(pk=self.person.pk)

    def test_a_move_ends_the_previous_period_and_opens_a_new_one(self) -> None:
        person = self.move()
        self.assertEqual(
            (person.permanent_address, person.permanent_unit), ("Số 5 phố Mới", self.new)
        )
        record = EmbeddedRegistry().find(person.id_number, purpose="x", requester="")
        assert record is not None
        self.assertEqual(
            [(p.unit_code, p.from_date, p.to_date) for p in record.residence_history],
            [(self.old.code, "2015-01-01", "2025-03-31"), (self.new.code, "2025-04-01", None)],
        )

    def test_a_new_household_makes_the_person_its_head(self) -> None:
        person = self.move(new_household=True)
        self.assertNotEqual(person.household, "HK1")
        self.assertEqual(person.relation, Relation.HEAD)

    def test_joining_a_household_takes_its_number_and_the_relation(self) -> None:
        head = create_resident(household="HK2", permanent_unit=self.new)
        person = self.move(household_head_id_number=head.id_number, relation=Relation.SPOUSE)
        self.assertEqual((person.household, person.relation), ("HK2", Relation.SPOUSE))

    def test_declared_as_head_without_a_head_named_founds_a_household(self) -> None:
        person = self.move(relation=Relation.HEAD)
        self.assertNotEqual(person.household, "HK1")
        self.assertEqual(person.relation, Relation.HEAD)

    def test_a_grandchild_joins_as_a_grandchild(self) -> None:
        head = create_resident(household="HK2", permanent_unit=self.new)
        person = self.move(household_head_id_number=head.id_number, relation=Relation.GRANDCHILD)
        self.assertEqual((person.household, person.relation), ("HK2", Relation.GRANDCHILD))

    def test_a_temporary_stay_leaves_the_permanent_residence(self) -> None:
        person = self.move(kind="temporary", address="Phòng 3, ký túc xá", to_date=date(2026, 4, 1))
        self.assertEqual(person.temporary_address, "Phòng 3, ký túc xá")
        self.assertEqual(person.permanent_unit, self.old)
        stay = ResidenceRecord.objects.get(resident=person, kind="temporary")
        self.assertEqual((stay.from_date, stay.to_date), (date(2025, 4, 1), date(2026, 4, 1)))
        self.assertIsNone(ResidenceRecord.objects.get(resident=person, kind="permanent").to_date)

    def test_a_move_dated_before_the_current_period_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused) as refused:
            self.move(from_date=date(2014, 1, 1))
        self.assertEqual(refused.exception.code, "registry.residence_dates")

    def test_joining_someone_who_is_not_a_head_is_refused(self) -> None:
        member = create_resident(household="HK2", relation=Relation.CHILD)
        with self.assertRaises(RegistryRefused) as refused:
            self.move(household_head_id_number=member.id_number, relation=Relation.SPOUSE)
        self.assertEqual(refused.exception.code, "registry.not_household_head")

    def test_an_unknown_commune_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused) as refused:
            self.move(unit_code=424242)
        self.assertEqual(refused.exception.code, "registry.unknown_unit")
