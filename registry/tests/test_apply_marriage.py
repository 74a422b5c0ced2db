"""The embedded registry records a marriage: both people married; what the law forbids refused."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from registry.embedded import EmbeddedRegistry
from registry.models import MaritalStatus, Resident
from registry.records import MarriageUpdate, RegistryRefused
from registry.testing import create_resident


class MarriageTestCase(TestCase):
    groom: Resident
    bride: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        cls.groom = create_resident(full_name="Phạm Văn Rể")
        cls.bride = create_resident(
            full_name="Đỗ Thị Dâu", sex="female", date_of_birth=date(1996, 8, 1)
        )

    def marry(
        self, first: str, second: str, on: date = date(2025, 5, 1), ref: str = "KH-1"
    ) -> None:
        update = MarriageUpdate(
            first_id_number=first, second_id_number=second, married_on=on,
            registering_body="000.00.31.H26", register_number="3/2025",
        )  # fmt: skip
        EmbeddedRegistry().apply(update, requester="", reference=ref)

    def refusal(self, *args: object, **kwargs: object) -> str:
        with self.assertRaises(RegistryRefused) as refused:
            self.marry(*args, **kwargs)  # type: ignore[arg-type]
        return refused.exception.code

    def test_both_become_married(self) -> None:
        self.marry(self.groom.id_number, self.bride.id_number)
        self.assertEqual(
            set(Resident.objects.values_list("marital_status", flat=True)),
            {MaritalStatus.MARRIED},
        )

    def test_someone_married_is_refused(self) -> None:
        self.marry(self.groom.id_number, self.bride.id_number)
        other = create_resident(sex="female", date_of_birth=date(1997, 1, 1))
        code = self.refusal(self.groom.id_number, other.id_number, ref="KH-2")
        self.assertEqual(code, "registry.already_married")

    def test_a_dead_person_cannot_marry(self) -> None:
        Resident.objects.filter(pk=self.bride.pk).update(date_of_death=date(2024, 1, 1))
        code = self.refusal(self.groom.id_number, self.bride.id_number)
        self.assertEqual(code, "registry.deceased")

    def test_someone_under_the_marriage_age_is_refused(self) -> None:
        young = create_resident(sex="female", date_of_birth=date(2008, 6, 1))
        code = self.refusal(self.groom.id_number, young.id_number, on=date(2025, 5, 1))
        self.assertEqual(code, "registry.under_age")

    def test_a_person_cannot_marry_themselves(self) -> None:
        code = self.refusal(self.groom.id_number, self.groom.id_number)
        self.assertEqual(code, "registry.same_person")

    def test_a_refused_marriage_changes_neither(self) -> None:
        young = create_resident(sex="female", date_of_birth=date(2008, 6, 1))
        self.refusal(self.groom.id_number, young.id_number)
        self.assertEqual(
            Resident.objects.get(pk=self.groom.pk).marital_status, MaritalStatus.SINGLE
        )
