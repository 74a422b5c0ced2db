"""submit_dossier for a body without a desk: lodged at its receiving point (the commune
centre), decided by the body (its steps run there); lodged anywhere else it is refused."""

from __future__ import annotations

from catalog.models import ProcedureVersion
from core.testing import create_unit
from dossiers.actions import DossierError
from dossiers.models import Dossier
from dossiers.testing import ActionTestCase, Commune, create_procedure
from units.models import GovernmentUnit

Kind = GovernmentUnit.Kind


class SubmitForABodyTestCase(ActionTestCase):
    commune: Commune
    civil_status: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commune = Commune.create()
        cls.civil_status = create_procedure(kinds=(Kind.COMMUNE_COMMITTEE,))

    def test_it_is_received_at_the_centre_for_the_committee(self) -> None:
        dossier = self.commune.lodge(self.civil_status)
        self.assertEqual(
            (dossier.receiving_unit, dossier.competent_unit),
            (self.commune.centre, self.commune.committee),
        )
        self.assertTrue(dossier.code.startswith(self.commune.centre.code))

    def test_its_steps_run_at_the_committee(self) -> None:
        dossier = self.commune.at_last_step(self.civil_status)
        self.assertEqual(dossier.current_unit, self.commune.committee)

    def test_lodging_it_at_another_centre_is_refused(self) -> None:
        with self.assertRaises(DossierError) as caught:
            self.commune.lodge(self.civil_status, receiving_unit=create_unit())
        self.assertEqual(caught.exception.code, "intake.boundary_bound")
        self.assertFalse(Dossier.objects.exists())

    def test_lodging_it_at_the_committee_itself_is_refused(self) -> None:
        with self.assertRaises(DossierError) as caught:
            self.commune.lodge(self.civil_status, receiving_unit=self.commune.committee)
        self.assertEqual(caught.exception.code, "intake.not_a_reception_point")
