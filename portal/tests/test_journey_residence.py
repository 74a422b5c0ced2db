"""Issue 11, scenario 3: a resident registers permanent residence online in the household of a
relative living in the commune; the commune police decides it with the address registered,
and once the registry update is delivered the registry's record of the person has that
address as permanent residence."""

from __future__ import annotations

from datetime import date

from core import clock
from core.testing import create_commune
from dossiers.models import Dossier, Outcome, Status
from portal.tests.journeys import JourneyTestCase
from registry.models import RegistryUpdate, Resident

STREET = "Số 5 phố Tràng Tiền"


class PermanentResidenceJourneyTestCase(JourneyTestCase):
    code = "1.004222"
    mover: Resident
    head: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.head = cls.resident("Phạm Văn Chủ", date(1965, 6, 1), "male")
        elsewhere = create_commune(cls.area.province, name="Phường Hà Đông")
        cls.mover = cls.resident(
            "Phạm Thị Con", date(1998, 2, 3), "female", permanent_unit=elsewhere,
            permanent_address=f"Số 9 phố Quang Trung, {elsewhere.name}",
        )  # fmt: skip
        cls.citizen = cls.citizen_of(cls.mover)

    def address(self, prefix: str, sep: str = "-") -> dict[str, str]:
        return {
            f"{prefix}{sep}province": str(self.area.province.code),
            f"{prefix}{sep}commune": str(self.area.code),
            f"{prefix}{sep}street": STREET,
        }

    def apply_online(self) -> Dossier:
        draft = self.start()
        self.choose_unit(draft, self.commune.police.code)
        self.fill_section(draft, "person", {})
        self.fill_section(
            draft,
            "household",
            {"relationship_to_head": "child", "household_head__id_number": self.head.id_number},
        )
        self.fill_section(draft, "household", {})
        self.fill_section(
            draft,
            "request",
            {
                **self.address("new_address"),
                "lawful_residence_proof": "relative",
                "content": "Đăng ký thường trú vào hộ gia đình của cha tại địa chỉ trên",
            },
        )
        self.fill_section(draft, "members", {})
        self.give_contact(draft)
        return self.submit(draft)

    def decided(self) -> Dossier:
        return self.decide(
            self.apply_online(),
            self.commune.police_specialist,
            self.commune.police_head,
            {
                **self.address("registered_address", "."),
                "registered_on": clock.today().isoformat(),
                "household_number": "",
            },
        )

    def test_it_is_decided_by_the_commune_police(self) -> None:
        dossier = self.decided()
        self.assertEqual((dossier.status, dossier.outcome), (Status.DONE, Outcome.GRANTED))
        self.assertEqual(dossier.competent_unit, self.commune.police)

    def test_after_delivery_the_registry_has_the_declared_address_as_permanent_residence(
        self,
    ) -> None:
        dossier = self.decided()
        declared = dossier.declaration["new_address"]
        self.assertEqual(self.deliver(), 1)
        self.assertEqual(RegistryUpdate.objects.get().status, RegistryUpdate.Status.APPLIED)
        person = Resident.objects.get(pk=self.mover.pk)
        self.assertEqual(person.permanent_unit, self.area)
        self.assertEqual(person.permanent_address, declared["text"])
        self.assertIn(STREET, person.permanent_address)

    def test_after_delivery_the_person_is_in_the_heads_household_as_declared(self) -> None:
        self.decided()
        self.deliver()
        person = Resident.objects.get(pk=self.mover.pk)
        self.assertEqual((person.household, person.relation), (self.head.household, "child"))
