"""Applying online for a procedure decided by a body without a desk (the commune committee):
the body is offered, and the dossier is lodged at its receiving point (the commune centre)."""

from __future__ import annotations

from dossiers.models import Dossier
from dossiers.testing import Commune, create_procedure
from portal.tests.base import PortalTestCase
from units.models import GovernmentUnit


class ApplyForABodyTestCase(PortalTestCase):
    commune: Commune

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commune = Commune.create(name="Phường Hoàn Kiếm")
        cls.version = create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))

    def setUp(self) -> None:
        self.client.force_login(self.citizen)

    def test_the_committee_is_offered_as_the_deciding_body(self) -> None:
        response = self.client.get(self.apply_url())
        self.assertContains(response, f'value="{self.commune.committee.code}" selected')
        self.assertNotContains(response, f'value="{self.commune.centre.code}"')

    def test_the_dossier_is_lodged_at_the_centre_for_the_committee(self) -> None:
        self.client.post(
            self.apply_url(), self.application(competent_unit=self.commune.committee.code)
        )
        dossier = Dossier.objects.get()
        self.assertEqual(
            (dossier.receiving_unit, dossier.competent_unit),
            (self.commune.centre, self.commune.committee),
        )
