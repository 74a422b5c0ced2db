"""The back office's pages of the e-forms pass axe-core (WCAG 2.1 A and AA) in Chromium: a
dossier showing its declaration (the demo e-forms of a birth, a marriage and a permanent
residence), the page correcting a declaration, the counter intake with the e-form, and the
signing form asking for the result data, each also with its errors."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from catalog.models import ProcedureVersion
from catalog.testing import sample_declaration_for
from core.testing_browser import assert_accessible, expect
from dossiers.models import Dossier
from dossiers.testing import (
    attachment,
    create_dossier_at_last_step,
    create_dossier_with_declaration,
)
from portal.tests.eform_pages import BIRTH, MARRIAGE, RESIDENCE, Applying

pytestmark = pytest.mark.browser


@pytest.fixture
def applying(db: None) -> Applying:
    return Applying()


def declaration(applying: Applying, code: str) -> dict[str, Any]:
    return sample_declaration_for(
        code, applicant=applying.person, mother=applying.mother, father=applying.person
    )


def lodged(applying: Applying, code: str) -> Dossier:
    """An online dossier of the demo e-form ``code``, its declaration filled, at the desk."""
    return create_dossier_with_declaration(
        applying.version(code),
        applying.office,
        applying.citizen,
        declaration=declaration(applying, code),
        declaration_sources={},
    )


def at_signing(applying: Applying, version: ProcedureVersion, code: str) -> Dossier:
    """Such a dossier forwarded to its last step, where the leader signs the result."""
    schema = version.declaration
    assert schema is not None
    return create_dossier_at_last_step(
        version,
        applying.office,
        applicant=applying.citizen,
        declaration=declaration(applying, code),
        declaration_sources={},
        files={
            c.pk: attachment()
            for c in version.components.all()
            if c.position not in schema.satisfies
        },
    )


def card_qr(applying: Applying) -> str:
    """What the QR of the applicant's chip card reads."""
    person = applying.person
    born = date.fromisoformat(person["date_of_birth"]).strftime("%d%m%Y")
    return (
        f"{person['id_number']}|012345678|{person['full_name']}|{born}|Nam|"
        f"{person['residence']['street']}, Phường Ba Đình, Thành phố Hà Nội|10082021"
    )


@pytest.mark.parametrize("code", [BIRTH, MARRIAGE, RESIDENCE])
def test_a_dossier_showing_its_declaration_is_accessible(page, log_in, applying, code):
    dossier = lodged(applying, code)
    log_in(page, applying.office.desk)
    page.goto(reverse("backoffice:dossier", args=[dossier.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text(dossier.procedure_version.name)
    assert_accessible(page)


def test_the_declaration_correction_is_accessible(page, log_in, applying):
    dossier = lodged(applying, BIRTH)
    log_in(page, applying.office.desk)
    page.goto(reverse("backoffice:correct_declaration", args=[dossier.code]))
    expect(page.get_by_label("Quê quán")).to_be_visible()
    assert_accessible(page)


def test_a_declaration_correction_refused_is_accessible(page, log_in, applying):
    dossier = lodged(applying, BIRTH)
    log_in(page, applying.office.desk)
    page.goto(reverse("backoffice:correct_declaration", args=[dossier.code]))
    page.get_by_label("Quê quán").fill("")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("code", [BIRTH, RESIDENCE])
def test_the_counter_intake_with_the_eform_is_accessible(page, log_in, applying, code):
    version = applying.version(code)
    log_in(page, applying.office.desk)
    page.goto(reverse("backoffice:intake") + f"?thu-tuc={version.procedure.code}")
    page.get_by_label("Mã QR trên thẻ căn cước").fill(card_qr(applying))
    page.get_by_role("button", name="Đọc thẻ và tra cứu dữ liệu dân cư").click()
    expect(page.get_by_text("Lấy từ Cơ sở dữ liệu quốc gia về dân cư").first).to_be_visible()
    assert_accessible(page)


def test_the_counter_intake_refused_is_accessible(page, log_in, applying):
    version = applying.version(BIRTH)
    log_in(page, applying.office.desk)
    page.goto(reverse("backoffice:intake") + f"?thu-tuc={version.procedure.code}")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    name = page.get_by_label("Họ và tên người nộp", exact=True)
    expect(name).to_have_accessible_description(re.compile("Lỗi:"))
    assert_accessible(page)


def test_the_signing_form_with_the_result_data_is_accessible(page, log_in, applying):
    version = applying.version(RESIDENCE)
    dossier = at_signing(applying, version, RESIDENCE)
    log_in(page, applying.office.leader)
    page.goto(reverse("backoffice:dossier", args=[dossier.code]))
    # Signing is the last step's main action: its form is shown, not behind a panel.
    expect(page.get_by_label("Số hộ").last).to_be_visible()
    assert_accessible(page)


def test_result_data_refused_is_accessible(page, log_in, applying):
    version = applying.version(BIRTH)
    dossier = at_signing(applying, version, BIRTH)
    log_in(page, applying.office.leader)
    page.goto(reverse("backoffice:dossier", args=[dossier.code]))
    # Signing is the last step's main action: its form is shown, not behind a panel.
    signing = page.locator(
        f"form[action='{reverse('backoffice:action', args=[dossier.code, 'sign'])}']"
    )
    signing.get_by_label("Trang số").fill("0")
    signing.get_by_role("button", name="Ký số và ban hành kết quả").click()
    expect(signing.get_by_label("Trang số")).to_have_accessible_description(re.compile("Lỗi:"))
    assert_accessible(page)
