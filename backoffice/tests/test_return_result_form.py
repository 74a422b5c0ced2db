"""Handing a paper result over: the scan it needs is asked for beforehand, and its absence
is shown as an error at the field (GOV.UK error summary and message), not a notice."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from catalog.models import ProcedureVersion
from dossiers.models import Status
from dossiers.testing import Office, create_decided_dossier, create_procedure


class ReturnResultFormTests(TestCase):
    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3, result_is_paper=True)

    def test_the_scan_is_asked_for_before_handing_over(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        self.client.force_login(self.office.desk)
        page = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertContains(page, 'id="return_result-paper_scan-hint"')
        self.assertContains(page, 'aria-describedby="return_result-paper_scan-hint"')

    def test_without_the_scan_the_field_shows_the_error(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:action", args=[dossier.code, "return_result"])
        response = self.client.post(url, {"reason": ""})
        self.assertContains(response, "govuk-error-summary", status_code=400)
        self.assertContains(response, 'href="#return_result-paper_scan"', status_code=400)
        self.assertContains(response, 'id="return_result-paper_scan-error"', status_code=400)
        dossier.refresh_from_db()
        self.assertEqual(dossier.status, Status.DONE)
