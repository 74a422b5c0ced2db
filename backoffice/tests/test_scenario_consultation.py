from __future__ import annotations

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.models import Status
from dossiers.testing import Office, create_received_dossier


class ConsultationTestCase(ScenarioTestCase):
    def test_the_dossier_waits_for_the_other_units_answer(self) -> None:
        other = Office.create()
        dossier = create_received_dossier(self.version, self.office)
        self.act(
            self.office.specialist,
            dossier,
            "consult",
            to_unit=other.unit.pk,
            question="Đề nghị xác minh nơi cư trú",
            working_days=2,
        )
        self.assertEqual(self.reload(dossier).status, Status.CONSULTING)
        self.client.force_login(other.specialist)
        inbox = self.client.get(reverse("backoffice:inbox"))
        self.assertContains(inbox, dossier.code)
        consultation = dossier.consultations.get()
        self.act(
            other.specialist,
            dossier,
            "answer_consultation",
            consultation=consultation.pk,
            answer="Đúng là cư trú tại địa chỉ khai",
        )
        dossier = self.reload(dossier)
        self.assertEqual(dossier.status, Status.IN_PROGRESS)
        self.assertEqual(dossier.consultations.get().answered_by, other.specialist)

    def test_while_waiting_the_step_cannot_move_on(self) -> None:
        other = Office.create()
        dossier = create_received_dossier(self.version, self.office)
        self.act(
            self.office.specialist,
            dossier,
            "consult",
            to_unit=other.unit.pk,
            question="?",
            working_days=1,
        )
        self.act(self.office.specialist, dossier, "forward")
        self.assertEqual(self.reload(dossier).current_role, "specialist")

    def test_only_the_consulted_unit_answers(self) -> None:
        other = Office.create()
        dossier = create_received_dossier(self.version, self.office)
        self.act(
            self.office.specialist,
            dossier,
            "consult",
            to_unit=other.unit.pk,
            question="?",
            working_days=1,
        )
        consultation = dossier.consultations.get()
        self.act(
            self.office.leader,
            dossier,
            "answer_consultation",
            consultation=consultation.pk,
            answer="x",
        )
        self.assertIsNone(dossier.consultations.get().answered_at)
