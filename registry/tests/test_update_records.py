"""The update records: their JSON form (what the outbox keeps and the gateway receives) reads
back as the same record; what is not an update is refused."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.test import SimpleTestCase

from registry.records import (
    BirthUpdate,
    DeathUpdate,
    MarriageUpdate,
    PopulationUpdate,
    RegistryRefused,
    ResidenceUpdate,
    UpdateOutcome,
    update_from_json,
)

BIRTH = BirthUpdate(
    full_name="Lê Thị Con", date_of_birth=date(2025, 3, 1), sex="female", ethnicity="Kinh",
    nationality="Việt Nam", place_of_birth="Hà Nội", home_town="Nam Định",
    mother_id_number="001195006789", residence_address="Số 1 phố Thử", residence_unit_code=4,
    registering_body="000.00.31.H26", register_number="15/2025",
)  # fmt: skip
UPDATES: list[PopulationUpdate] = [
    BIRTH,
    DeathUpdate("001090012345", date(2025, 6, 1), "Hà Nội", "000.00.31.H26", "7/2025"),
    MarriageUpdate("001090012345", "001195006789", date(2025, 5, 1), "000.00.31.H26", "3"),
    ResidenceUpdate(
        "001090012345", "temporary", "Số 3", None, date(2025, 1, 1), to_date=date(2026, 1, 1)
    ),
]


class UpdateRecordsTestCase(SimpleTestCase):
    def test_each_kind_reads_back_from_its_json(self) -> None:
        for update in UPDATES:
            with self.subTest(update.KIND):
                self.assertEqual(update_from_json(update.KIND, update.to_json()), update)

    def test_a_missing_field_is_refused(self) -> None:
        data = BIRTH.to_json()
        del data["mother_id_number"]
        with self.assertRaises(RegistryRefused) as refused:
            update_from_json("birth", data)
        self.assertEqual(refused.exception.code, "registry.invalid_update")

    def test_a_field_of_the_wrong_type_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused):
            update_from_json("birth", {**BIRTH.to_json(), "residence_unit_code": "4"})

    def test_an_unknown_kind_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused):
            update_from_json("divorce", BIRTH.to_json())

    def test_a_malformed_id_number_is_refused(self) -> None:
        with self.assertRaises(RegistryRefused):
            update_from_json("death", {**UPDATES[1].to_json(), "id_number": "12345"})

    def test_text_is_kept_in_nfc(self) -> None:
        update = update_from_json(
            "birth", {**BIRTH.to_json(), "full_name": unicodedata.normalize("NFD", "Lê Thị Con")}
        )
        assert isinstance(update, BirthUpdate)
        self.assertEqual(update.full_name, "Lê Thị Con")

    def test_a_new_household_makes_its_founder_the_head(self) -> None:
        update = ResidenceUpdate(
            "001090012345", "permanent", "Số 3", None, date(2025, 1, 1), new_household=True
        )
        self.assertEqual(update.relation, "head")

    def test_an_answer_with_a_malformed_id_number_is_not_an_outcome(self) -> None:
        with self.assertRaises(Exception) as raised:
            UpdateOutcome.from_json({"accepted": True, "id_number": "12"})
        self.assertNotIsInstance(raised.exception, RegistryRefused)
