"""Each party of a marriage has the marital status the registry holds, looked up with the
person, never asked for on paper (the demo catalog's e-form of 1.000894)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.test import TestCase

from accounts.models import User
from core.testing import create_citizen, create_commune
from dossiers.prefill import lookup_relatives, prefill
from eforms.schema import Schema, parse
from eforms.validate import validate
from registry.models import Lookup, Resident

CATALOG = Path(__file__).resolve().parents[2] / "catalog/data/hanoi_commune_procedures.json"
AN, BINH = "001090012345", "001195006789"


def marriage_form() -> Schema:
    document = json.loads(CATALOG.read_text(encoding="utf-8"))
    (procedure,) = [p for p in document["procedures"] if p["code"] == "1.000894"]
    return parse(procedure["declaration_schema"])


class PrefillMaritalStatusTestCase(TestCase):
    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        commune = create_commune(name="Phường Hoàn Kiếm")
        for id_number, name, born, sex, status in (
            (AN, "Nguyễn Văn An", date(1990, 5, 17), "male", "single"),
            (BINH, "Trần Thị Bình", date(1995, 1, 2), "female", "divorced"),
        ):
            Resident.objects.create(
                id_number=id_number, full_name=name, date_of_birth=born, sex=sex,
                marital_status=status, household=f"H{id_number}", relation="head",
                permanent_address=f"1 Tràng Tiền, {commune.name}", permanent_unit=commune,
            )  # fmt: skip
        cls.citizen = create_citizen(personal_id=AN, full_name="Nguyễn Văn An")

    def test_the_applicants_marital_status_comes_locked_from_the_registry(self) -> None:
        filled = prefill(
            marriage_form(), user=self.citizen, applicant_id_number=AN,
            purpose="Đăng ký kết hôn", today=date(2025, 9, 1),
        )  # fmt: skip
        self.assertEqual(filled.data["applicant_party"]["marital_status"], "single")
        self.assertEqual(filled.locked["applicant_party.marital_status"], "single")

    def test_the_other_partys_marital_status_comes_with_the_lookup(self) -> None:
        found = lookup_relatives(
            marriage_form(), {"other_party": {"id_number": BINH}}, user=self.citizen,
            purpose="Đăng ký kết hôn",
        )  # fmt: skip
        self.assertEqual(found.locked["other_party.marital_status"], "divorced")
        self.assertEqual(found.sources["other_party.marital_status"], "registry")

    def test_the_other_party_is_looked_up_once_with_the_purpose(self) -> None:
        lookup_relatives(
            marriage_form(), {"other_party": {"id_number": BINH}}, user=self.citizen,
            purpose="Đăng ký kết hôn",
        )  # fmt: skip
        entry = Lookup.objects.get(id_number=BINH)
        self.assertIn("Đăng ký kết hôn", entry.purpose)

    def test_a_party_the_registry_holds_as_married_cannot_declare_otherwise(self) -> None:
        Resident.objects.filter(id_number=BINH).update(marital_status="married")
        schema = marriage_form()
        found = lookup_relatives(
            schema, {"other_party": {"id_number": BINH}}, user=self.citizen,
            purpose="Đăng ký kết hôn",
        )  # fmt: skip
        posted = {"other_party": {"id_number": BINH, "marital_status": "single"}}
        checked = validate(schema, posted, today=date(2025, 9, 1), locked=found.locked)
        self.assertEqual(checked.errors["other_party.marital_status"][0].code, "eform.not_allowed")
