"""send_back: the holder of a step returns the dossier to the step before, with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from dossiers.actions import DossierError, request_supplement, send_back
from dossiers.actors import person
from dossiers.models import EventType, Status
from dossiers.testing import ActionTestCase, create_dossier_at_last_step, create_received_dossier
from dossiers.workflow import IllegalTransition

REASON = "Thiếu ý kiến thẩm định"


class SendBackTestCase(ActionTestCase):
    def test_the_dossier_goes_back_to_the_step_before(self) -> None:
        dossier = send_back(
            create_dossier_at_last_step(self.version, self.office),
            actor=person(self.office.leader),
            reason=REASON,
        )
        self.assertEqual(dossier.current_step, dossier.workflow.steps.get(position=1))
        self.assertEqual(
            (dossier.current_role, dossier.status), (Role.SPECIALIST, Status.IN_PROGRESS)
        )

    def test_it_writes_one_event_with_the_reason_and_the_step(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        dossier = send_back(at_last, actor=person(self.office.leader), reason=REASON)
        event = self.new_event(dossier, at_last.event_count)
        self.assertEvent(event, EventType.SENT_BACK, Status.IN_PROGRESS, Status.IN_PROGRESS)
        self.assertEqual((event.reason, event.step), (REASON, at_last.current_step))
        self.assertEqual(event.parameters, {"to_step": dossier.current_step.name})

    def test_the_specialist_may_not_send_back_the_leaders_step(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            send_back(dossier, actor=person(self.office.specialist), reason=REASON)

    def test_the_first_step_has_no_step_before(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            send_back(dossier, actor=person(self.office.specialist), reason=REASON)

    def test_it_needs_a_reason(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            send_back(dossier, actor=person(self.office.leader), reason=" ")

    def test_a_dossier_waiting_for_papers_cannot_be_sent_back(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        form = self.version.components.get(position=1)
        request_supplement(
            dossier, actor=person(self.office.leader), component_ids=[form.pk], reason="Mờ"
        )
        with self.assertWritesNothing(dossier, IllegalTransition):
            send_back(dossier, actor=person(self.office.leader), reason=REASON)
