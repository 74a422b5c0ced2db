"""The embedded registry records a birth: a new person with a valid personal ID number, in the
household of the parent they live with, found by the next lookup."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.test import TestCase

from core.testing import create_commune, create_officer, create_province, create_unit
from identity.idnumber import Sex, parse_personal_id
from identity.validators import validate_personal_id_number
from registry import connector
from registry.embedded import EmbeddedRegistry
from registry.models import AppliedUpdate, Relation, ResidenceRecord, Resident
from registry.records import BirthUpdate, RegistryRefused
from registry.testing import create_resident
from units.models import AdministrativeUnit, GovernmentUnit


class BirthTestCase(TestCase):
    commune: AdministrativeUnit
    body: GovernmentUnit
    mother: Resident
    father: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        cls.commune = create_commune(create_province(code=79))
        cls.body = create_unit(area=cls.commune)
        cls.mother = create_resident(
            full_name="Trần Thị Mẹ", sex="female", date_of_birth=date(1995, 1, 2),
            household="HK1", relation=Relation.HEAD, permanent_unit=cls.commune,
        )  # fmt: skip
        cls.father = create_resident(
            full_name="Lê Văn Cha", date_of_birth=date(1993, 3, 4), household="HK1",
            relation=Relation.SPOUSE, permanent_unit=cls.commune,
        )  # fmt: skip

    def birth(self, **overrides: object) -> BirthUpdate:
        fields: dict[str, object] = {
            "full_name": "Lê Thị Con",
            "date_of_birth": date(2025, 3, 1),
            "sex": "female",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "place_of_birth": "Bệnh viện Phụ sản Từ Dũ",
            "home_town": "Nam Định",
            "mother_id_number": self.mother.id_number,
            "father_id_number": self.father.id_number,
            "residence_address": "Số 1 phố Thử, Phường Thử",
            "residence_unit_code": self.commune.code,
            "registering_body": self.body.code,
            "register_number": "15/2025",
        }
        fields.update(overrides)
        return BirthUpdate(**fields)  # type: ignore[arg-type]

    def apply(self, update: BirthUpdate, reference: str = "KS-1") -> str:
        outcome = EmbeddedRegistry().apply(update, requester=self.body.code, reference=reference)
        assert outcome.accepted and outcome.id_number
        return outcome.id_number

    def test_the_child_gets_a_valid_personal_id_number(self) -> None:
        number = self.apply(self.birth())
        validate_personal_id_number(number)
        parsed = parse_personal_id(number, date_of_birth=date(2025, 3, 1), sex=Sex.FEMALE)
        self.assertEqual(parsed.province_code, "079")  # the registering body's province

    def test_without_a_known_province_the_number_starts_with_001(self) -> None:
        elsewhere = create_unit(area=create_province())  # a code no ID number uses
        number = self.apply(self.birth(registering_body=elsewhere.code, residence_unit_code=None))
        self.assertEqual(number[:3], "001")

    def test_the_child_is_then_found_by_a_lookup(self) -> None:
        number = self.apply(self.birth())
        person = connector.lookup(
            number, purpose="Đăng ký thường trú", actor=create_officer(self.body), unit=self.body
        )
        assert person is not None
        self.assertEqual((person.full_name, person.sex), ("Lê Thị Con", "female"))
        self.assertEqual(person.home_town, "Nam Định")
        self.assertEqual(
            {r.id_number for r in person.household},
            {self.mother.id_number, self.father.id_number},
        )

    def test_the_child_joins_the_household_as_a_child_from_birth(self) -> None:
        child = Resident.objects.get(id_number=self.apply(self.birth()))
        self.assertEqual((child.household, child.relation), ("HK1", Relation.CHILD))
        period = ResidenceRecord.objects.get(resident=child)
        self.assertEqual((period.unit, period.from_date), (self.commune, date(2025, 3, 1)))

    def test_the_same_reference_gives_back_the_same_number(self) -> None:
        first = self.apply(self.birth())
        self.assertEqual(self.apply(self.birth()), first)
        self.assertEqual(Resident.objects.filter(full_name="Lê Thị Con").count(), 1)

    def test_another_update_under_a_used_reference_is_refused(self) -> None:
        self.apply(self.birth())
        with self.assertRaises(RegistryRefused) as refused:
            self.apply(self.birth(full_name="Lê Văn Khác"))
        self.assertEqual(refused.exception.code, "registry.reference_reused")

    def test_the_same_child_registered_twice_is_refused(self) -> None:
        self.apply(self.birth())
        with self.assertRaises(RegistryRefused) as refused:
            self.apply(self.birth(), reference="KS-2")
        self.assertEqual(refused.exception.code, "registry.already_registered")

    def test_an_unknown_mother_is_refused_in_vietnamese(self) -> None:
        with self.assertRaisesMessage(RegistryRefused, "Không có công dân mang số định danh"):
            self.apply(self.birth(mother_id_number="001195999999"))

    def test_a_father_as_mother_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused) as refused:
            self.apply(self.birth(mother_id_number=self.father.id_number, father_id_number=None))
        self.assertEqual(refused.exception.code, "registry.parent_sex")

    def test_a_child_registered_where_neither_parent_lives_is_refused(self) -> None:
        other = create_commune(self.commune.province)
        with self.assertRaises(RegistryRefused) as refused:
            self.apply(self.birth(residence_unit_code=other.code))
        self.assertEqual(refused.exception.code, "registry.not_parents_residence")

    def test_a_refused_birth_leaves_nothing(self) -> None:
        update = replace(self.birth(), residence_unit_code=424242)  # no such commune
        with self.assertRaises(RegistryRefused):
            self.apply(update)
        self.assertFalse(Resident.objects.filter(full_name="Lê Thị Con").exists())
        self.assertFalse(AppliedUpdate.objects.exists())
