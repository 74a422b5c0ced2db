"""consult: the holder of a step asks another unit's opinion; the dossier waits for it."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied

from dossiers.actions import DossierError, consult
from dossiers.actors import person
from dossiers.models import EventType, Status
from dossiers.testing import ActionTestCase, Office, create_received_dossier, reload
from dossiers.workflow import IllegalTransition
from units.models import GovernmentUnit
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
QUESTION = "Đề nghị xác minh nơi cư trú"


class ConsultTestCase(ActionTestCase):
    other: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = Office.create().unit

    def test_the_dossier_waits_for_the_answer(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        consult(
            dossier, actor=person(self.office.specialist), to_unit=self.other, question=QUESTION
        )
        self.assertEqual(reload(dossier).status, Status.CONSULTING)

    def test_the_request_is_due_after_its_working_days(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_received_dossier(self.version, self.office)
            consultation = consult(
                dossier, actor=person(self.office.specialist), to_unit=self.other, question=QUESTION
            )
        self.assertEqual(
            (consultation.from_unit, consultation.to_unit, consultation.requested_by),
            (self.office.unit, self.other, self.office.specialist),
        )
        self.assertEqual(consultation.step, dossier.current_step)
        self.assertEqual(consultation.due_at, datetime(2026, 6, 3, 17, 0, tzinfo=TZ))

    def test_it_writes_one_event_with_the_question(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        consultation = consult(
            dossier, actor=person(self.office.specialist), to_unit=self.other, question=QUESTION
        )
        event = self.new_event(dossier, dossier.event_count)
        self.assertEvent(
            event, EventType.CONSULTATION_REQUESTED, Status.IN_PROGRESS, Status.CONSULTING
        )
        self.assertEqual(event.reason, QUESTION)
        self.assertEqual(
            event.parameters,
            {
                "to_unit": self.other.code,
                "consultation": consultation.pk,
                "due_at": consultation.due_at.isoformat(),
            },
        )

    def test_the_desk_may_not_consult(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            consult(dossier, actor=person(self.office.desk), to_unit=self.other, question=QUESTION)
        self.assertFalse(dossier.consultations.exists())

    def test_the_unit_holding_the_dossier_cannot_be_consulted(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            consult(
                dossier,
                actor=person(self.office.specialist),
                to_unit=self.office.unit,
                question="?",
            )

    def test_it_needs_a_question(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            consult(dossier, actor=person(self.office.specialist), to_unit=self.other, question=" ")

    def test_one_opinion_is_asked_at_a_time(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        consult(
            dossier, actor=person(self.office.specialist), to_unit=self.other, question=QUESTION
        )
        third = Office.create().unit
        with self.assertWritesNothing(dossier, IllegalTransition):
            consult(dossier, actor=person(self.office.specialist), to_unit=third, question=QUESTION)
        self.assertEqual(dossier.consultations.count(), 1)
