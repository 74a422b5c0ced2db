"""answer_consultation: a specialist or leader of the consulted unit answers; processing
resumes at the step that asked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from dossiers.actions import DossierError, answer_consultation, consult, request_withdrawal
from dossiers.actors import person
from dossiers.models import Consultation, Dossier, EventType, Status
from dossiers.testing import ActionTestCase, Office, applicant_of, create_received_dossier, reload

ANSWER = "Đúng là cư trú tại địa chỉ khai"


class AnswerConsultationTestCase(ActionTestCase):
    other: Office

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = Office.create()

    def asked(self) -> tuple[Dossier, Consultation]:
        dossier = create_received_dossier(self.version, self.office)
        question = "Đề nghị xác minh nơi cư trú"
        consultation = consult(
            dossier,
            actor=person(self.office.specialist),
            to_unit=self.other.unit,
            question=question,
        )
        return reload(dossier), consultation

    def test_processing_resumes_at_the_step_that_asked(self) -> None:
        dossier, consultation = self.asked()
        answer_consultation(consultation, actor=person(self.other.specialist), answer=ANSWER)
        dossier = reload(dossier)
        self.assertEqual(dossier.status, Status.IN_PROGRESS)
        self.assertEqual(dossier.current_unit, self.office.unit)

    def test_the_answer_is_kept_with_who_gave_it(self) -> None:
        _dossier, consultation = self.asked()
        answered = answer_consultation(
            consultation, actor=person(self.other.specialist), answer=ANSWER
        )
        self.assertEqual((answered.answer, answered.answered_by), (ANSWER, self.other.specialist))
        self.assertIsNotNone(answered.answered_at)

    def test_it_writes_one_event_in_the_consulted_units_name(self) -> None:
        dossier, consultation = self.asked()
        answer_consultation(consultation, actor=person(self.other.leader), answer=ANSWER)
        event = self.new_event(dossier, dossier.event_count)
        self.assertEvent(
            event, EventType.CONSULTATION_ANSWERED, Status.CONSULTING, Status.IN_PROGRESS
        )
        self.assertEqual(
            (event.actor_role, event.actor_unit, event.reason),
            (Role.LEADER, self.other.unit, ANSWER),
        )
        self.assertEqual(event.parameters, {"consultation": consultation.pk})

    def test_the_unit_that_asked_may_not_answer_itself(self) -> None:
        dossier, consultation = self.asked()
        with self.assertWritesNothing(dossier, PermissionDenied):
            answer_consultation(consultation, actor=person(self.office.leader), answer=ANSWER)

    def test_the_consulted_units_desk_may_not_answer(self) -> None:
        dossier, consultation = self.asked()
        with self.assertWritesNothing(dossier, PermissionDenied):
            answer_consultation(consultation, actor=person(self.other.desk), answer=ANSWER)

    def test_it_needs_an_answer(self) -> None:
        dossier, consultation = self.asked()
        with self.assertWritesNothing(dossier, DossierError):
            answer_consultation(consultation, actor=person(self.other.specialist), answer=" ")

    def test_a_request_is_answered_once(self) -> None:
        dossier, consultation = self.asked()
        answer_consultation(consultation, actor=person(self.other.specialist), answer=ANSWER)
        with self.assertWritesNothing(dossier, DossierError):
            answer_consultation(consultation, actor=person(self.other.leader), answer="Khác")

    def test_a_request_withdrawn_with_its_dossier_cannot_be_answered(self) -> None:
        dossier, consultation = self.asked()
        applicant = applicant_of(dossier)
        request_withdrawal(dossier, actor=person(applicant), reason="Không cần nữa")
        with self.assertWritesNothing(dossier, DossierError) as refused:
            answer_consultation(consultation, actor=person(self.other.specialist), answer=ANSWER)
        self.assertEqual(refused.exception.code, "consult.cancelled")
