"""stop_dossier: processing stops on the applicant's withdrawal (the desk) or when requested
papers never came (the desk, or a leader of the competent unit); the applicant gets a notice."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from dossiers.actions import DossierError, request_withdrawal, stop_dossier
from dossiers.actors import person
from dossiers.models import Dossier, EventType, Slip, Status
from dossiers.testing import (
    ActionTestCase,
    applicant_of,
    create_received_dossier,
    create_supplement_requested_dossier,
    reload,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification

REASON = "Theo yêu cầu rút hồ sơ"


class StopDossierTestCase(ActionTestCase):
    def withdrawn(self) -> Dossier:
        dossier = create_received_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        return request_withdrawal(dossier, actor=person(applicant), reason="Không còn nhu cầu")

    def test_the_desk_stops_a_withdrawn_dossier(self) -> None:
        dossier = stop_dossier(self.withdrawn(), actor=person(self.office.desk), reason=REASON)
        self.assertEqual(dossier.status, Status.STOPPED)
        self.assertIsNotNone(dossier.closed_at)
        self.assertEqual((dossier.current_step, dossier.current_unit), (None, None))

    def test_it_writes_one_event_with_the_reason(self) -> None:
        withdrawn = self.withdrawn()
        dossier = stop_dossier(withdrawn, actor=person(self.office.desk), reason=REASON)
        event = self.new_event(dossier, withdrawn.event_count)
        self.assertEvent(event, EventType.STOPPED, Status.WITHDRAWAL_REQUESTED, Status.STOPPED)
        self.assertEqual(
            (event.reason, event.actor_role, event.actor_unit),
            (REASON, Role.FRONT_DESK, self.office.unit),
        )

    def test_it_issues_the_stop_notice_and_tells_the_applicant(self) -> None:
        dossier = stop_dossier(self.withdrawn(), actor=person(self.office.desk), reason=REASON)
        event = dossier.events.last()
        slip = dossier.slips.get(kind=Slip.Kind.STOP)
        self.assertEqual((slip.event, slip.content["reason"]), (event, REASON))
        self.assertIn(REASON, Notification.objects.get(event_id=event.pk, channel="sms").body)

    def test_a_leader_stops_a_dossier_whose_papers_never_came(self) -> None:
        asked = create_supplement_requested_dossier(self.version, self.office)
        dossier = stop_dossier(asked, actor=person(self.office.leader), reason="Quá hạn bổ sung")
        self.assertEqual((dossier.status, dossier.paused_at), (Status.STOPPED, None))
        event = self.new_event(dossier, asked.event_count)
        self.assertEqual((event.actor_role, event.from_status), (Role.LEADER, asked.status))

    def test_a_specialist_may_not_stop(self) -> None:
        dossier = self.withdrawn()
        with self.assertWritesNothing(dossier, PermissionDenied):
            stop_dossier(dossier, actor=person(self.office.specialist), reason=REASON)

    def test_it_needs_a_reason(self) -> None:
        dossier = self.withdrawn()
        with self.assertWritesNothing(dossier, DossierError):
            stop_dossier(dossier, actor=person(self.office.desk), reason="")

    def test_a_dossier_in_progress_cannot_be_stopped(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, IllegalTransition):
            stop_dossier(dossier, actor=person(self.office.desk), reason=REASON)
        self.assertEqual(reload(dossier).current_step_id, dossier.current_step_id)
