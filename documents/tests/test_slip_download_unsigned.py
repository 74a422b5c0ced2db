"""A slip is signed by the worker, never in the request that downloads it. Asked for before
the worker stored it (queued, or retried after a failure such as production without the
unit's certificate), the download answers with a page saying the slip is being prepared:
503 with Retry-After and a Refresh, in the person's language, never a server error; once the
worker has signed it, the same address gives the PDF."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse

from core import clock
from dossiers.issued import slip_document
from dossiers.models import Dossier, Slip
from dossiers.slips import PREPARING_RETRY_MAX_SECONDS, PREPARING_RETRY_SECONDS
from dossiers.tasks import issue_pending_slip
from dossiers.testing import Office, create_procedure, create_received_dossier


class SlipDownloadBeforeTheWorkerTestCase(TestCase):
    office: Office
    dossier: Dossier

    def setUp(self) -> None:
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(MOTCUA_PKI_DIR=folder, MOTCUA_DEMO_PKI=False))
        self.office = Office.create()
        version = create_procedure(days=3)
        self.dossier = create_received_dossier(version, self.office)
        self.slip = self.dossier.slips.get()

    def portal_url(self) -> str:
        return reverse("portal:slip", args=[self.dossier.code, self.slip.pk])

    def test_the_applicant_is_told_the_slip_is_being_prepared(self) -> None:
        assert self.dossier.applicant is not None
        self.client.force_login(self.dossier.applicant)
        response = self.client.get(self.portal_url())
        self.assertContains(response, "Phiếu đang được chuẩn bị", status_code=503)
        self.assertContains(response, self.dossier.code, status_code=503)
        self.assertContains(response, f'href="{self.portal_url()}"', status_code=503)
        retry = str(PREPARING_RETRY_SECONDS)
        self.assertEqual((response["Retry-After"], response["Refresh"]), (retry, retry))
        self.assertIn("no-store", response["Cache-Control"])

    def test_the_page_is_in_english_for_who_reads_english(self) -> None:
        assert self.dossier.applicant is not None
        self.client.force_login(self.dossier.applicant)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get(self.portal_url())
        self.assertContains(response, "The slip is being prepared", status_code=503)

    def test_the_officer_is_told_the_same(self) -> None:
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:slip", args=[self.dossier.code, self.slip.pk])
        self.assertContains(self.client.get(url), "Phiếu đang được chuẩn bị", status_code=503)

    def test_the_download_does_not_sign_the_slip_itself(self) -> None:
        self.client.force_login(self.office.desk)
        self.client.get(reverse("backoffice:slip", args=[self.dossier.code, self.slip.pk]))
        self.assertIsNone(slip_document(self.slip))

    def test_after_a_failed_attempt_the_page_asks_again_when_the_next_is_due(self) -> None:
        self.assertEqual(issue_pending_slip(self.slip.pk), "failed")  # no certificate
        self.assertEqual(issue_pending_slip(self.slip.pk), "skipped")  # waiting for its retry
        Slip.objects.filter(pk=self.slip.pk).update(
            document_due_at=clock.wall() + timedelta(seconds=30), document_attempts=2
        )
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:slip", args=[self.dossier.code, self.slip.pk])
        retry = int(self.client.get(url)["Retry-After"])
        self.assertTrue(PREPARING_RETRY_SECONDS < retry <= 30 <= PREPARING_RETRY_MAX_SECONDS)

    def test_the_control_slip_unsigned_is_refused_with_its_code(self) -> None:
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:control_slip", args=[self.dossier.code])
        self.assertContains(self.client.get(url), "signing.no_certificate", status_code=503)


class SlipDownloadAfterTheWorkerTestCase(TestCase):
    def test_the_same_address_gives_the_pdf_once_the_worker_signed_it(self) -> None:
        office = Office.create()
        dossier = create_received_dossier(create_procedure(days=3), office)
        slip = dossier.slips.get()
        self.client.force_login(office.desk)
        url = reverse("backoffice:slip", args=[dossier.code, slip.pk])
        self.assertEqual(self.client.get(url).status_code, 503)
        self.assertNotIn(issue_pending_slip(slip.pk), {"failed", "skipped", "missing"})
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
