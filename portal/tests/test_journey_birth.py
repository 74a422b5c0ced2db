"""Issue 11, scenario 1: a father registers his son's birth online, both parents looked up in
the registry by their ID numbers; the commune centre receives it, the committee's civil status
officer examines it, the chairman signs the birth certificate with the register entry; the
certificate says who was born, when, to whom and under which number, and once the registry
update is delivered the registry knows the child, with an ID number of his own."""

from __future__ import annotations

from datetime import date, timedelta

from core import clock
from dossiers.models import Dossier, Outcome, Status
from portal.tests.base import pdf
from portal.tests.journeys import JourneyTestCase
from registry import connector
from registry.models import RegistryUpdate, Resident

CHILD = "Nguyễn Minh Khang"


class BirthJourneyTestCase(JourneyTestCase):
    code = "1.001193"
    mother: Resident
    father: Resident
    born: date

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        born = clock.today() - timedelta(days=40)
        cls.mother = cls.resident("Trần Thị Bình", born.replace(year=1995), "female")
        cls.father = cls.resident("Nguyễn Văn An", born.replace(year=1990), "male")
        cls.citizen = cls.citizen_of(cls.father)
        cls.born = clock.today() - timedelta(days=3)

    def child(self) -> dict[str, str]:
        return {
            "child__full_name": CHILD,
            "child__date_of_birth-day": str(self.born.day),
            "child__date_of_birth-month": str(self.born.month),
            "child__date_of_birth-year": str(self.born.year),
            "child__sex": "male",
            "child__ethnicity": "01",
            "child__nationality": "VN",
            "child__place_of_birth_kind": "hospital",
            "child__place_of_birth": "Bệnh viện Phụ sản Hà Nội",
            "child__place_of_birth_address-province": str(self.area.province.code),
            "child__place_of_birth_address-commune": str(self.area.code),
            "child__place_of_birth_address-street": "929 đường La Thành",
            "child__home_town": "Hà Nội",
        }

    def apply_online(self) -> Dossier:
        draft = self.start()
        self.choose_unit(draft, self.commune.committee.code)
        self.fill_section(draft, "requester", {"relationship": "father"})
        self.fill_section(draft, "child", self.child())
        self.fill_section(
            draft,
            "parents",
            {
                "mother__id_number": self.mother.id_number,
                "has_father": "true",
                "father__id_number": self.father.id_number,
            },
        )
        self.fill_section(draft, "parents", {})
        self.fill_section(draft, "documents", {"birth_certificate": pdf("giay-chung-sinh.pdf")})
        self.fill_section(draft, "confirm", {"copies": "1", "commitment": "true"})
        self.give_contact(draft)
        return self.submit(draft)

    def decided(self) -> Dossier:
        today = clock.today()
        return self.decide(
            self.apply_online(),
            self.commune.specialist,
            self.commune.chair,
            {
                "register_book": f"01/{today.year}",
                "register_page": "15",
                "registered_on": today.isoformat(),
            },
        )

    def test_it_is_lodged_at_the_centre_for_the_committee(self) -> None:
        dossier = self.apply_online()
        self.assertEqual(
            (dossier.receiving_unit, dossier.competent_unit),
            (self.commune.centre, self.commune.committee),
        )

    def test_both_parents_come_from_the_registry_by_their_id_numbers(self) -> None:
        dossier = self.apply_online()
        self.assertEqual(dossier.declaration["mother"]["full_name"], "Trần Thị Bình")
        self.assertEqual(dossier.declaration["father"]["full_name"], "Nguyễn Văn An")
        self.assertEqual(dossier.declaration_sources["mother.full_name"], "registry")
        self.assertEqual(dossier.declaration_sources["father.full_name"], "registry")

    def test_it_is_decided_and_signed_by_the_chairman(self) -> None:
        dossier = self.decided()
        self.assertEqual((dossier.status, dossier.outcome), (Status.DONE, Outcome.GRANTED))
        self.assertEqual(dossier.result_data["register_book"], f"01/{clock.today().year}")

    def test_the_signed_certificate_names_the_child_the_birth_the_parents_and_the_number(
        self,
    ) -> None:
        dossier = self.decided()
        text = self.result_text(dossier)
        number = dossier.register_entry.reference
        for expected in (
            CHILD,
            self.born.strftime("%d/%m/%Y"),
            "Trần Thị Bình",
            "Nguyễn Văn An",
            number,
        ):
            self.assertIn(expected, text)

    def test_after_delivery_the_registry_knows_the_child_with_an_id_number(self) -> None:
        self.decided()
        self.assertEqual(self.deliver(), 1)
        update = RegistryUpdate.objects.get()
        self.assertEqual(update.status, RegistryUpdate.Status.APPLIED)
        self.assertRegex(update.assigned_id_number, r"\A[0-9]{12}\Z")
        record = connector.lookup(
            update.assigned_id_number,
            purpose="Kiểm tra kết quả đăng ký khai sinh",
            actor=self.commune.specialist,
        )
        assert record is not None
        self.assertEqual((record.full_name, record.date_of_birth), (CHILD, self.born))
