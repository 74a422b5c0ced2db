"""The back office's timeline says who handed a counter dossier in: the applicant, with the
officer who lodged it at the desk (not as if the officer had applied)."""

from __future__ import annotations

from typing import Any

from django.test import TestCase
from django.urls import reverse

from catalog.models import ProcedureVersion
from dossiers.models import Dossier
from dossiers.testing import Office, create_counter_dossier, create_dossier, create_procedure


class TimelineTests(TestCase):
    office: Office
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)

    def page(self, dossier: Dossier) -> Any:
        self.client.force_login(self.office.desk)
        return self.client.get(reverse("backoffice:dossier", args=[dossier.code]))

    def test_a_counter_submission_names_the_applicant_and_the_desk_officer(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        self.assertContains(
            self.page(dossier),
            f"người nộp {dossier.applicant_name}; cán bộ {self.office.desk.full_name} lập hồ sơ "
            "tại quầy",
        )

    def test_an_online_submission_names_the_applicant(self) -> None:
        dossier = create_dossier(self.version, self.office)
        self.assertNotContains(self.page(dossier), "lập hồ sơ tại quầy")
