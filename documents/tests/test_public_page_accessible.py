"""The public page of an issued document (what its QR code opens) passes axe-core and reflows
at 320 px: a result signed by the deputy chair and sealed by the body, each named as people
read them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing_browser import check_page, expect
from documents.models import IssuedDocument
from dossiers import actions
from dossiers.actors import person
from dossiers.issued import documents_of
from dossiers.testing import Commune, create_procedure
from units.models import GovernmentUnit

pytestmark = pytest.mark.browser

BODY = "Ủy ban nhân dân Phường Hoàn Kiếm"


def test_the_public_document_page_is_accessible(page, db):
    commune = Commune.create(name="Phường Hoàn Kiếm")
    version = create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))
    dossier = actions.sign(
        commune.at_last_step(version), actor=person(commune.deputy), result="Cấp."
    )
    result = documents_of(dossier).get(kind=IssuedDocument.Kind.RESULT)
    page.goto(reverse("documents:public", args=[result.code]))
    expect(page.get_by_text(f"{commune.deputy.full_name} — Phó Chủ tịch, {BODY}")).to_be_visible()
    check_page(page, "public-document")
