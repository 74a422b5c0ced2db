"""What the browser tests of applying with an e-form share: a citizen of a commune of Hà Nội held
in the registry (and his wife), the commune's centre, and procedures carrying the e-forms of the
demo catalog (catalog/data/hanoi_commune_procedures.json), with drafts started as the start
page starts them and filled with the sample declarations of catalog.testing."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import reverse

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from catalog.testing import sample_declaration_for, sample_person
from core.testing import create_citizen, create_commune, create_province
from dossiers.testing import Office, create_procedure
from eforms.validate import validate
from portal.application import CONTACT, FILES, UNIT, Application, today
from registry.models import Resident
from units.models import AdministrativeUnit

CATALOG = Path(__file__).resolve().parents[2] / "catalog/data/hanoi_commune_procedures.json"
BIRTH, MARRIAGE, RESIDENCE = "1.001193", "1.000894", "1.004222"


@cache
def demo_procedure(code: str) -> dict[str, Any]:
    document = json.loads(CATALOG.read_text(encoding="utf-8"))
    (procedure,) = [p for p in document["procedures"] if p["code"] == code]
    return dict(procedure)


def section_keys(code: str) -> list[str]:
    return [s["key"] for s in demo_procedure(code)["declaration_schema"]["sections"]]


def resident(person: dict[str, Any], commune: AdministrativeUnit, household: str) -> None:
    Resident.objects.create(
        id_number=person["id_number"],
        full_name=person["full_name"],
        date_of_birth=date.fromisoformat(person["date_of_birth"]),
        sex=person["sex"],
        marital_status=person["marital_status"],
        household=household,
        relation="head",
        permanent_address=f"{person['residence']['street']}, {commune.name}",
        permanent_unit=commune,
    )


class Applying:
    """A citizen of a commune of Hà Nội held in the registry, the commune's centre, and the
    people the sample declarations name."""

    def __init__(self) -> None:
        self.province = create_province(name="Thành phố Hà Nội", code=1)
        self.commune = create_commune(self.province, name="Phường Ba Đình", code=4)
        create_commune(self.province, name="Phường Hoàn Kiếm", code=70)
        self.office = Office.create(
            name="Trung tâm Phục vụ hành chính công Phường Ba Đình", area=self.commune
        )
        self.person = sample_person(
            "Nguyễn Văn An", date(1990, 5, 17), "male", commune=self.commune
        )
        self.mother = sample_person(
            "Trần Thị Bình", date(1995, 1, 2), "female", commune=self.commune
        )
        resident(self.person, self.commune, "HK1")
        resident(self.mother, self.commune, "HK2")
        self.citizen: User = create_citizen(
            personal_id=self.person["id_number"],
            full_name=self.person["full_name"],
            phone="0987654321",
        )
        self.demo_codes: dict[int, str] = {}  # version → the demo procedure it copies

    def version(self, code: str) -> ProcedureVersion:
        """A procedure with the e-form and result data of the demo procedure ``code``, a
        paper to upload if one has it (3) besides the two components of create_procedure."""
        procedure = demo_procedure(code)
        version = create_procedure(
            days=5,
            name=procedure["name"],
            declaration_schema=procedure["declaration_schema"],
            result_schema=procedure["result_schema"],
        )
        Component.objects.create(
            version=version,
            position=3,
            name="Giấy tờ tùy thân của người đi đăng ký",
            originals=1,
            required=False,
        )
        self.demo_codes[version.pk] = code
        return version

    def application(self, version: ProcedureVersion, *, filled: bool = True) -> Application:
        """A draft started as the start page starts it (prefilled from the registry), with
        every section then filled with the procedure's sample declaration."""
        app = Application.start(self.citizen, version)
        if filled:
            sample = sample_declaration_for(
                self.demo_codes[version.pk],
                applicant=self.person,
                mother=self.mother,
                father=self.person,
            )
            checked = validate(app.schema, sample, today=today(), locked=app.locked)
            assert not checked.errors, checked.errors
            app.state["data"] = checked.data
            for section in app.schema.sections:
                app.visit(section.key)
            for task in (UNIT, FILES, CONTACT):
                app.visit(task)
            app.set_values(applicant_address=self.person["residence"]["street"])
            app.save()
        return app


def url(name: str, app: Application, *args: str) -> str:
    return reverse(f"portal:{name}", args=[app.version.procedure.code, app.draft.key, *args])
