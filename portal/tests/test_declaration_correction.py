"""The applicant sees, in their dossier's history, what an officer corrected in their
declaration and why."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dossiers.actions import correct_declaration
from dossiers.actors import person
from dossiers.models import Dossier
from dossiers.testing import create_dossier_with_declaration, create_eform_procedure
from portal.tests.base import PortalTestCase


class DeclarationCorrectionTestCase(PortalTestCase):
    def corrected(self) -> Dossier:
        dossier = create_dossier_with_declaration(
            create_eform_procedure(), self.office, applicant=self.citizen
        )
        return correct_declaration(
            dossier,
            actor=person(self.office.desk),
            changes={"child.place_of_birth": "Trạm y tế phường"},
            reason="Khai nhầm nơi sinh",
        )

    def page(self, dossier: Dossier) -> Any:
        self.client.force_login(self.citizen)
        return self.client.get(reverse("portal:dossier", args=[dossier.code]))

    def test_the_history_shows_the_correction_and_its_reason(self) -> None:
        page = self.page(self.corrected())
        self.assertContains(page, "Thông tin trên tờ khai đã được sửa")
        self.assertContains(page, "Khai nhầm nơi sinh")

    def test_the_history_shows_the_value_before_and_after(self) -> None:
        page = self.page(self.corrected())
        self.assertContains(
            page,
            "Nơi sinh của người được khai sinh: Bệnh viện Phụ sản Hà Nội → Trạm y tế phường",
        )
