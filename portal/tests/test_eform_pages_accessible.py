"""The pages of applying with an e-form pass axe-core (WCAG 2.1 A and AA) in Chromium: the start
page, the draft offered again, the task list, every section of the demo catalog's e-forms of a
birth (1.001193), a marriage (1.000894) and a permanent residence (1.004222) filled with their
sample declarations, a section with errors, the address picker, check your answers and the
confirmation."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from catalog.models import ProcedureVersion
from catalog.testing import sample_declaration_for, sample_person
from core.testing import create_citizen, create_commune, create_province
from core.testing_browser import assert_accessible, expect
from dossiers.testing import Office, create_procedure
from eforms.validate import validate
from portal.application import CONTACT, FILES, UNIT, Application, today
from registry.models import Resident
from units.models import AdministrativeUnit

pytestmark = pytest.mark.browser

CATALOG = Path(__file__).resolve().parents[2] / "catalog/data/hanoi_commune_procedures.json"
BIRTH, MARRIAGE, RESIDENCE = "1.001193", "1.000894", "1.004222"


@cache
def demo_procedure(code: str) -> dict[str, Any]:
    document = json.loads(CATALOG.read_text(encoding="utf-8"))
    (procedure,) = [p for p in document["procedures"] if p["code"] == code]
    return dict(procedure)


def section_keys(code: str) -> list[str]:
    return [s["key"] for s in demo_procedure(code)["declaration_schema"]["sections"]]


EVERY_SECTION = [
    pytest.param(code, key, id=f"{code}-{key}")
    for code in (BIRTH, MARRIAGE, RESIDENCE)
    for key in section_keys(code)
]


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
        """A procedure with the e-form and result data of the demo procedure ``code``."""
        procedure = demo_procedure(code)
        version = create_procedure(
            days=5,
            name=procedure["name"],
            declaration_schema=procedure["declaration_schema"],
            result_schema=procedure["result_schema"],
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


@pytest.fixture
def applying(db: None) -> Applying:
    return Applying()


def url(name: str, app: Application, *args: str) -> str:
    return reverse(f"portal:{name}", args=[app.version.procedure.code, app.draft.key, *args])


def test_the_start_page_is_accessible(page, log_in, applying):
    version = applying.version(BIRTH)
    log_in(page, applying.citizen)
    page.goto(reverse("portal:apply", args=[version.procedure.code]))
    expect(page.get_by_role("button", name="Bắt đầu")).to_be_visible()
    assert_accessible(page)


def test_the_draft_offered_again_is_accessible(page, log_in, applying):
    version = applying.version(BIRTH)
    applying.application(version)
    log_in(page, applying.citizen)
    page.goto(reverse("portal:apply", args=[version.procedure.code]))
    expect(page.get_by_role("button", name="Bắt đầu lại")).to_be_visible()
    assert_accessible(page)


def test_the_task_list_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(BIRTH))
    log_in(page, applying.citizen)
    page.goto(url("application", app))
    expect(page.get_by_role("button", name="Kiểm tra thông tin trước khi nộp")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("code", "key"), EVERY_SECTION)
def test_every_section_of_the_demo_eforms_is_accessible(page, log_in, applying, code, key):
    app = applying.application(applying.version(code))
    section = next(s for s in app.schema.sections if s.key == key)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, key))
    expect(page.get_by_role("heading", level=1)).to_have_text(str(section.title))
    assert_accessible(page)


@pytest.mark.parametrize(("code", "key"), [(BIRTH, "child"), (RESIDENCE, "request")])
def test_a_section_with_errors_is_accessible(page, log_in, applying, code, key):
    """As the check page sends a person back to a section left empty: every field in error."""
    app = applying.application(applying.version(code), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, key) + "?loi=1")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_be_visible()
    assert_accessible(page)


def test_a_mistake_typed_is_shown_accessibly(page, log_in, applying):
    app = applying.application(applying.version(BIRTH), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, "child"))
    child = page.get_by_role("group", name="Ngày, tháng, năm sinh")
    child.get_by_label("Ngày").fill("45")
    child.get_by_label("Tháng").fill("1")
    child.get_by_label("Năm").fill("2026")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_address_picker_is_accessible_once_a_province_is_chosen(page, log_in, applying):
    app = applying.application(applying.version(RESIDENCE), filled=False)
    log_in(page, applying.citizen)
    page.goto(url("application_section", app, "request"))
    picker = page.get_by_role("group", name="Địa chỉ đề nghị đăng ký thường trú")
    picker.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    expect(picker.get_by_label("Xã, phường, đặc khu")).to_contain_text("Phường Hoàn Kiếm")
    assert_accessible(page)


def test_check_your_answers_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(RESIDENCE))
    log_in(page, applying.citizen)
    page.goto(url("application_check", app))
    expect(page.get_by_role("button", name="Nộp hồ sơ")).to_be_visible()
    assert_accessible(page)


def test_the_confirmation_is_accessible(page, log_in, applying):
    app = applying.application(applying.version(MARRIAGE))
    log_in(page, applying.citizen)
    page.goto(url("application_check", app))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page).to_have_url(re.compile(re.escape(url("application_done", app)) + "$"))
    assert_accessible(page)
