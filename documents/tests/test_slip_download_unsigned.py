"""A slip that cannot be signed (production without the unit's certificate) is refused with a
clear page and its error code, never a server error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from dossiers.models import Dossier
from dossiers.testing import Office, create_procedure, create_received_dossier


class UnsignedSlipDownloadTestCase(TestCase):
    office: Office
    dossier: Dossier

    def setUp(self) -> None:
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(MOTCUA_PKI_DIR=folder, MOTCUA_DEMO_PKI=False))
        self.office = Office.create()
        version = create_procedure(days=3)
        self.dossier = create_received_dossier(version, self.office)

    def test_the_applicant_is_told_the_slip_is_not_signed_yet(self) -> None:
        slip = self.dossier.slips.get()
        assert self.dossier.applicant is not None
        self.client.force_login(self.dossier.applicant)
        response = self.client.get(reverse("portal:slip", args=[self.dossier.code, slip.pk]))
        self.assertContains(response, "signing.no_certificate", status_code=503)

    def test_the_officer_is_told_the_slip_is_not_signed_yet(self) -> None:
        slip = self.dossier.slips.get()
        self.client.force_login(self.office.desk)
        response = self.client.get(reverse("backoffice:slip", args=[self.dossier.code, slip.pk]))
        self.assertContains(response, "chưa được ký số", status_code=503)

    def test_the_control_slip_is_refused_the_same_way(self) -> None:
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:control_slip", args=[self.dossier.code])
        self.assertContains(self.client.get(url), "signing.no_certificate", status_code=503)
