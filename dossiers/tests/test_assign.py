"""assign: a leader of the unit holding the dossier gives it to a named officer of the step."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from dossiers.actions import DossierError, assign, consult
from dossiers.actors import person
from dossiers.models import EventType, Status
from dossiers.testing import ActionTestCase, Office, create_received_dossier
from dossiers.workflow import IllegalTransition


class AssignTestCase(ActionTestCase):
    def test_the_named_specialist_holds_the_dossier(self) -> None:
        received = create_received_dossier(self.version, self.office)
        dossier = assign(
            received, actor=person(self.office.leader), assignee=self.office.specialist
        )
        self.assertEqual(dossier.assignee, self.office.specialist)
        self.assertEqual(dossier.current_step_id, received.current_step_id)

    def test_it_writes_one_event_naming_the_assignee(self) -> None:
        received = create_received_dossier(self.version, self.office)
        dossier = assign(
            received, actor=person(self.office.leader), assignee=self.office.specialist
        )
        event = self.new_event(dossier, received.event_count)
        self.assertEvent(event, EventType.ASSIGNED, Status.IN_PROGRESS, Status.IN_PROGRESS)
        self.assertEqual(
            (event.actor, event.actor_role, event.actor_unit),
            (self.office.leader, Role.LEADER, self.office.unit),
        )
        self.assertEqual(
            event.parameters,
            {
                "assignee": self.office.specialist.pk,
                "assignee_name": self.office.specialist.full_name,
            },
        )

    def test_a_specialist_may_not_assign(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            assign(dossier, actor=person(self.office.specialist), assignee=self.office.specialist)

    def test_a_leader_of_another_unit_may_not_assign(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        stranger = Office.create().leader
        with self.assertWritesNothing(dossier, PermissionDenied):
            assign(dossier, actor=person(stranger), assignee=self.office.specialist)

    def test_the_assignee_must_hold_the_steps_role(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            assign(dossier, actor=person(self.office.leader), assignee=self.office.desk)

    def test_a_dossier_waiting_for_an_opinion_cannot_be_assigned(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        consult(
            dossier,
            actor=person(self.office.specialist),
            to_unit=Office.create().unit,
            question="?",
        )
        with self.assertWritesNothing(dossier, IllegalTransition):
            assign(dossier, actor=person(self.office.leader), assignee=self.office.specialist)
