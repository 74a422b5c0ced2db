from __future__ import annotations

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.actions import DossierError
from dossiers.models import Status
from dossiers.testing import Office, create_procedure, create_received_dossier


class RoutingTestCase(ScenarioTestCase):
    """Not bound by administrative boundary (R17): lodged at commune A, decided by unit B."""

    def test_a_dossier_lodged_at_a_is_worked_by_b(self) -> None:
        version = create_procedure(boundary_free=True)
        commune_b = Office.create()
        dossier = self.submit(version=version, competent_unit=commune_b.unit)
        self.assertEqual(dossier.receiving_unit, self.office.unit)
        self.act(self.office.desk, dossier, "accept")
        dossier = self.reload(dossier)
        self.assertEqual(
            (dossier.status, dossier.current_unit), (Status.IN_PROGRESS, commune_b.unit)
        )
        self.client.force_login(commune_b.specialist)
        self.assertContains(self.client.get(reverse("backoffice:inbox")), dossier.code)
        self.act(commune_b.specialist, dossier, "forward")
        self.act(commune_b.leader, dossier, "approve")
        self.assertEqual(self.reload(dossier).status, Status.DONE)
        # The result goes back through the desk where it was lodged.
        self.act(self.office.desk, dossier, "return_result")
        self.assertEqual(self.reload(dossier).status, Status.RETURNED)

    def test_a_procedure_bound_to_its_area_cannot_be_lodged_elsewhere(self) -> None:
        commune_b = Office.create()
        with self.assertRaisesMessage(DossierError, "phụ thuộc địa giới"):
            self.submit(competent_unit=commune_b.unit)

    def test_the_receiving_desk_cannot_work_the_other_units_step(self) -> None:
        version = create_procedure(boundary_free=True)
        commune_b = Office.create()
        dossier = create_received_dossier(version, self.office, competent_unit=commune_b.unit)
        self.act(self.office.specialist, dossier, "forward")
        self.assertEqual(self.reload(dossier).current_role, "specialist")
