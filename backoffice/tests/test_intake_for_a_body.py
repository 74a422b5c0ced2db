"""Counter intake at a commune centre for the bodies it receives for: the procedures the
committee and the police decide are offered there, and the dossier is lodged for the body."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from catalog.models import ProcedureVersion
from dossiers.models import Dossier
from dossiers.testing import Commune, attachment, create_procedure
from units.models import GovernmentUnit

Kind = GovernmentUnit.Kind


class IntakeForABodyTestCase(TestCase):
    commune: Commune
    civil_status: ProcedureVersion
    residence: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.commune = Commune.create()
        cls.civil_status = create_procedure(kinds=(Kind.COMMUNE_COMMITTEE,), name="Khai sinh thử")
        cls.residence = create_procedure(kinds=(Kind.COMMUNE_POLICE,), name="Tạm trú thử")

    def setUp(self) -> None:
        self.client.force_login(self.commune.desk)

    def test_the_centre_offers_what_its_committee_and_police_decide(self) -> None:
        response = self.client.get(reverse("backoffice:intake"))
        self.assertContains(response, "Khai sinh thử")
        self.assertContains(response, "Tạm trú thử")

    def test_the_form_proposes_the_deciding_body(self) -> None:
        url = reverse("backoffice:intake")
        response = self.client.get(url, {"thu-tuc": self.residence.procedure.code})
        self.assertEqual(response.context["form"].initial["competent_unit"], self.commune.police)

    def test_the_dossier_is_lodged_at_the_centre_for_the_committee(self) -> None:
        data = {
            "desk": self.commune.centre.code,
            "code": self.civil_status.procedure.code,
            "procedure": self.civil_status.pk,
            "competent_unit": self.commune.committee.pk,
            "applicant_name": "Lê Văn Tám",
            "applicant_id_number": "001088012345",
            **{f"c{c.pk}": attachment() for c in self.civil_status.components.all()},
        }
        self.client.post(reverse("backoffice:intake"), data)
        dossier = Dossier.objects.get()
        self.assertEqual(
            (dossier.receiving_unit, dossier.competent_unit),
            (self.commune.centre, self.commune.committee),
        )
