"""request_supplement: one written request, once, for everything missing — only items of the
legal list, never what the state already holds. Unlawful requests are refused and recorded."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied

from accounts.models import User
from catalog.models import Component
from dossiers.actions import (
    DossierError,
    accept_dossier,
    consult,
    provide_supplement,
    request_supplement,
)
from dossiers.actors import person
from dossiers.models import Dossier, DossierComponent, EventType, Slip, Status
from dossiers.testing import (
    ActionTestCase,
    Office,
    applicant_of,
    attachment,
    create_counter_dossier,
    create_dossier,
    create_procedure,
    create_received_dossier,
    create_supplement_requested_dossier,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification
from workdays.calendar import TZ

State = DossierComponent.State
MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


class RequestSupplementTestCase(ActionTestCase):
    form: Component
    residence: Component

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.form = cls.version.components.get(position=1)
        cls.residence = cls.version.components.get(position=2)

    def ask(self, dossier: Dossier, officer: User, *component_ids: int) -> Dossier:
        wanted = list(component_ids) or [self.form.pk]
        return request_supplement(dossier, actor=person(officer), component_ids=wanted, reason="Mờ")

    def test_during_processing_it_pauses_the_clock(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_supplement_requested_dossier(self.version, self.office)
        self.assertEqual(dossier.status, Status.SUPPLEMENT_IN_PROCESS)
        self.assertEqual(dossier.paused_at, MONDAY_9H)

    def test_at_reception_the_clock_has_not_started(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, at_reception=True)
        self.assertEqual(dossier.status, Status.SUPPLEMENT_AT_RECEPTION)
        self.assertEqual((dossier.received_at, dossier.paused_at), (None, None))

    def test_the_requested_components_are_marked_and_the_request_counted(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        states = dict(dossier.components.values_list("component_id", "state"))
        self.assertEqual(states, {self.form.pk: State.REQUESTED, self.residence.pk: State.PROVIDED})
        self.assertEqual(dossier.supplement_count, 1)

    def test_it_writes_one_event_naming_what_is_asked_and_why(self) -> None:
        received = create_received_dossier(self.version, self.office)
        dossier = request_supplement(
            received,
            actor=person(self.office.specialist),
            component_ids=[self.form.pk],
            reason="Mờ",
        )
        event = self.new_event(dossier, received.event_count)
        self.assertEvent(
            event, EventType.SUPPLEMENT_REQUESTED, Status.IN_PROGRESS, Status.SUPPLEMENT_IN_PROCESS
        )
        self.assertEqual((event.actor, event.reason), (self.office.specialist, "Mờ"))
        self.assertEqual(
            event.parameters, {"components": [self.form.pk], "component_names": [self.form.name]}
        )

    def test_it_issues_the_request_slip_listing_the_papers(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, reason="Thiếu dấu")
        slip = dossier.slips.get(kind=Slip.Kind.SUPPLEMENT)
        self.assertEqual(
            (slip.content["reason"], slip.content["requested"]), ("Thiếu dấu", [self.form.name])
        )

    def test_it_tells_the_applicant_what_to_bring(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, reason="Thiếu dấu")
        event = dossier.events.get(type=EventType.SUPPLEMENT_REQUESTED)
        message = Notification.objects.get(event_id=event.pk, channel="sms")
        self.assertEqual(message.recipient, dossier.applicant)
        self.assertIn("Thiếu dấu", message.body)

    def test_a_leader_not_holding_the_step_may_not_ask(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            self.ask(dossier, self.office.leader)

    def test_a_specialist_may_not_ask_at_reception(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            self.ask(dossier, self.office.specialist)

    def test_an_outsiders_second_request_is_refused_without_being_recorded(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        with self.assertWritesNothing(dossier, PermissionDenied):
            self.ask(dossier, applicant)

    def test_a_dossier_waiting_for_an_opinion_cannot_be_asked(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        other = Office.create().unit
        consult(dossier, actor=person(self.office.specialist), to_unit=other, question="Xác minh?")
        with self.assertWritesNothing(dossier, IllegalTransition):
            self.ask(dossier, self.office.specialist)

    def test_it_needs_a_reason(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            request_supplement(
                dossier,
                actor=person(self.office.specialist),
                component_ids=[self.form.pk],
                reason=" ",
            )

    def test_it_needs_a_component(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            request_supplement(
                dossier, actor=person(self.office.specialist), component_ids=[], reason="Mờ"
            )

    def test_a_second_request_is_refused_and_recorded(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        with self.assertRefusedAndRecorded(dossier, "second_supplement_request"):
            self.ask(dossier, self.office.specialist)
        refused = dossier.events.get(type=EventType.RULE_REFUSED)
        self.assertEqual(refused.parameters["components"], [self.form.pk])
        self.assertEqual(refused.actor, self.office.specialist)

    def test_asking_again_once_answered_is_the_same_violation(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, at_reception=True)
        applicant = applicant_of(dossier)
        provide_supplement(dossier, actor=person(applicant), files={self.form.pk: attachment()})
        with self.assertRefusedAndRecorded(dossier, "second_supplement_request"):
            self.ask(dossier, self.office.desk)

    def test_a_component_outside_the_legal_list_is_refused_and_recorded(self) -> None:
        dossier = create_dossier(self.version, self.office)
        outside = create_procedure().components.get(position=1)
        with self.assertRefusedAndRecorded(dossier, "document_outside_legal_list"):
            self.ask(dossier, self.office.desk, outside.pk)
        self.assertEqual(dossier.components.filter(state=State.REQUESTED).count(), 0)

    def test_a_component_taken_from_the_registry_is_refused_and_recorded(self) -> None:
        dossier = create_received_dossier(
            self.version,
            self.office,
            files={self.form.pk: attachment()},
            from_data={self.residence.pk: "population_registry"},
        )
        with self.assertRefusedAndRecorded(dossier, "document_already_held"):
            self.ask(dossier, self.office.specialist, self.residence.pk)

    def test_at_reception_the_request_must_list_every_missing_paper(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        with self.assertRefusedAndRecorded(dossier, "incomplete_list"):
            self.ask(dossier, self.office.desk, self.form.pk)
        dossier = self.ask(dossier, self.office.desk, self.form.pk, self.residence.pk)
        self.assertEqual(dossier.status, Status.SUPPLEMENT_AT_RECEPTION)

    def test_a_scan_certified_at_the_counter_can_still_be_asked_for_again(self) -> None:
        Component.objects.filter(pk=self.form.pk).update(document_type="to-khai")
        files = {c.pk: attachment() for c in self.version.components.all()}
        dossier = create_counter_dossier(self.version, self.office, files=files)
        dossier = accept_dossier(dossier, actor=person(self.office.desk))
        # The certified copy is in the applicant's data store, but belongs to this dossier.
        dossier = self.ask(dossier, self.office.specialist)
        self.assertEqual(dossier.status, Status.SUPPLEMENT_IN_PROCESS)
