"""The back office's pages pass axe-core (WCAG 2.1 A and AA) in Chromium, for an officer of the
front desk with a dossier waiting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing_browser import assert_accessible, expect
from dossiers.testing import Office, create_dossier, create_procedure

pytestmark = pytest.mark.browser


@pytest.fixture
def office():
    return Office.create(name="Trung tâm Phục vụ hành chính công Phường Thử")


@pytest.fixture
def dossier(office):
    return create_dossier(create_procedure(days=3), office)


def test_the_inbox_is_accessible(page, log_in, office, dossier):
    log_in(page, office.desk)
    page.goto(reverse("backoffice:inbox") + "?o=tiep-nhan")  # the tab of dossiers to receive
    expect(page.get_by_text(dossier.code)).to_be_visible()
    assert_accessible(page)


def test_a_dossier_is_accessible(page, log_in, office, dossier):
    log_in(page, office.desk)
    page.goto(reverse("backoffice:dossier", args=[dossier.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text(dossier.procedure_version.name)
    assert_accessible(page)


def test_the_intake_form_is_accessible(page, log_in, office):
    log_in(page, office.desk)
    page.goto(reverse("backoffice:intake"))
    assert_accessible(page)
