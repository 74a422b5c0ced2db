"""accept_dossier: the desk receives a complete dossier; the clock starts at the first step."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from dossiers.actions import DossierError, accept_dossier
from dossiers.actors import person
from dossiers.models import EventType, Slip, Status
from dossiers.testing import (
    ActionTestCase,
    Office,
    applicant_of,
    create_counter_dossier,
    create_dossier,
    create_received_dossier,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # three working days: Thursday 4 June 17:00


class AcceptDossierTestCase(ActionTestCase):
    def test_it_starts_processing_at_the_first_step_of_the_workflow(self) -> None:
        dossier = accept_dossier(
            create_dossier(self.version, self.office), actor=person(self.office.desk)
        )
        first = dossier.workflow.steps.get(position=1)
        self.assertEqual(dossier.status, Status.IN_PROGRESS)
        self.assertEqual(
            (dossier.current_step, dossier.current_unit, dossier.current_role),
            (first, self.office.unit, Role.SPECIALIST),
        )

    def test_the_due_date_counts_the_working_days_from_reception(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_received_dossier(self.version, self.office)
        self.assertEqual(dossier.received_at, MONDAY_9H)
        self.assertEqual(dossier.due_at, datetime(2026, 6, 4, 17, 0, tzinfo=TZ))
        self.assertEqual(dossier.original_due_at, dossier.due_at)
        # The specialist's share: the limit less the leader's working day.
        self.assertEqual(dossier.step_due_at, datetime(2026, 6, 3, 17, 0, tzinfo=TZ))

    def test_a_dossier_accepted_after_closing_is_received_the_next_working_morning(self) -> None:
        with time_machine.travel(datetime(2026, 6, 5, 17, 30, tzinfo=TZ), tick=False):
            dossier = create_received_dossier(self.version, self.office)
        self.assertEqual(dossier.received_at, datetime(2026, 6, 8, 8, 0, tzinfo=TZ))

    def test_it_writes_one_received_event_with_the_dates(self) -> None:
        submitted = create_dossier(self.version, self.office)
        dossier = accept_dossier(submitted, actor=person(self.office.desk))
        event = self.new_event(dossier, submitted.event_count)
        self.assertEvent(event, EventType.RECEIVED, Status.SUBMITTED, Status.IN_PROGRESS)
        self.assertEqual(
            (event.actor, event.actor_role, event.actor_unit),
            (self.office.desk, Role.FRONT_DESK, self.office.unit),
        )
        self.assertEqual(
            event.parameters,
            {"due_at": dossier.due_at.isoformat(), "received_at": dossier.received_at.isoformat()},
        )

    def test_it_issues_the_receipt_slip_for_its_event(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_received_dossier(self.version, self.office)
        slip = dossier.slips.get()
        self.assertEqual((slip.kind, slip.event), (Slip.Kind.RECEIPT, dossier.events.last()))
        self.assertEqual(slip.content["due_at"], "2026-06-04T17:00:00+07:00")
        self.assertEqual(len(slip.content["components"]), 2)

    def test_it_tells_the_applicant_the_due_date(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_received_dossier(self.version, self.office)
        message = Notification.objects.get(event_id=dossier.events.last().pk, channel="sms")
        self.assertEqual((message.recipient, message.dossier_id), (dossier.applicant, dossier.pk))
        self.assertIn("17:00 04/06/2026", message.body)

    def test_a_specialist_may_not_accept(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            accept_dossier(dossier, actor=person(self.office.specialist))

    def test_the_desk_of_another_unit_may_not_accept(self) -> None:
        dossier = create_dossier(self.version, self.office)
        stranger = Office.create().desk
        with self.assertWritesNothing(dossier, PermissionDenied):
            accept_dossier(dossier, actor=person(stranger))

    def test_the_applicant_may_not_accept(self) -> None:
        dossier = create_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        with self.assertWritesNothing(dossier, PermissionDenied):
            accept_dossier(dossier, actor=person(applicant))

    def test_a_dossier_already_received_cannot_be_received_again(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, IllegalTransition):
            accept_dossier(dossier, actor=person(self.office.desk))

    def test_a_counter_dossier_missing_a_required_paper_is_refused(self) -> None:
        residence = self.version.components.get(position=2)
        dossier = create_counter_dossier(
            self.version, self.office, from_data={residence.pk: "population_registry"}
        )
        with self.assertWritesNothing(dossier, DossierError):
            accept_dossier(dossier, actor=person(self.office.desk))
