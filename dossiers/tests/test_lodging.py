"""Where a dossier is lodged for the body that decides it: a procedure bound to administrative
boundaries at the body's receiving point (the commune centre for the commune committee and
police), one that is not at any receiving point. The portal, the counter and submit_dossier
ask the same functions (dossiers.lodging)."""

from __future__ import annotations

from django.test import TestCase

from catalog.models import ProcedureVersion
from core.testing import create_unit
from dossiers.errors import DossierError
from dossiers.lodging import competent_units, receiving_unit_for
from dossiers.testing import Commune, create_procedure
from units.models import GovernmentUnit

Kind = GovernmentUnit.Kind


class LodgingTestCase(TestCase):
    commune: Commune
    civil_status: ProcedureVersion
    residence: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.commune = Commune.create()
        cls.civil_status = create_procedure(kinds=(Kind.COMMUNE_COMMITTEE,))
        cls.residence = create_procedure(kinds=(Kind.COMMUNE_POLICE,))

    def test_online_the_committees_with_a_receiving_point_are_offered(self) -> None:
        create_unit(kind=Kind.COMMUNE_COMMITTEE, receives_dossiers=False)  # no desk anywhere
        self.assertEqual(list(competent_units(self.civil_status)), [self.commune.committee])

    def test_at_the_centre_the_bodies_it_receives_for_are_offered(self) -> None:
        self.assertEqual(
            list(competent_units(self.residence, desk=self.commune.centre)), [self.commune.police]
        )

    def test_at_another_centre_a_bound_procedure_offers_nobody(self) -> None:
        elsewhere = create_unit()
        self.assertEqual(list(competent_units(self.civil_status, desk=elsewhere)), [])

    def test_a_boundary_free_procedure_offers_every_body_at_any_desk(self) -> None:
        free = create_procedure(kinds=(Kind.COMMUNE_COMMITTEE,), boundary_free=True)
        other = Commune.create()
        offered = set(competent_units(free, desk=create_unit()))
        self.assertEqual(offered, {self.commune.committee, other.committee})

    def test_a_bound_dossier_is_lodged_at_the_bodys_receiving_point(self) -> None:
        chosen = create_unit()
        receiving = receiving_unit_for(self.civil_status, self.commune.committee, chosen)
        self.assertEqual(receiving, self.commune.centre)

    def test_a_boundary_free_dossier_is_lodged_where_the_applicant_chose(self) -> None:
        free = create_procedure(kinds=(Kind.COMMUNE_COMMITTEE,), boundary_free=True)
        chosen = create_unit()
        self.assertEqual(receiving_unit_for(free, self.commune.committee, chosen), chosen)

    def test_a_body_without_a_receiving_point_is_refused_clearly(self) -> None:
        alone = create_unit(kind=Kind.COMMUNE_COMMITTEE, receives_dossiers=False)
        with self.assertRaises(DossierError) as caught:
            receiving_unit_for(self.civil_status, alone)
        self.assertEqual(caught.exception.code, "intake.no_receiving_point")
