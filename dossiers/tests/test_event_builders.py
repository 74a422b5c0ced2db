"""Each event builder writes the facts of its event in typed columns (dossiers.events)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

import time_machine
from django.core.files.base import ContentFile
from django.test import TestCase

from catalog.models import Channel, Component, ProcedureVersion
from core.testing import create_citizen
from documents.testing import image_bytes
from dossiers import actions
from dossiers.actors import person
from dossiers.events import FACTS_SCHEMA, Facts
from dossiers.models import Dossier, DossierEvent, EventType
from dossiers.testing import Office, attachment, create_dossier, create_procedure
from workdays.calendar import TZ

# Three working days: due Thursday 4 June 17:00; the specialist's step is due Wednesday 17:00.
MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
WEDNESDAY_10H = datetime(2026, 6, 3, 10, 0, tzinfo=TZ)
WEDNESDAY_16H = datetime(2026, 6, 3, 16, 0, tzinfo=TZ)
THURSDAY_16H50 = datetime(2026, 6, 4, 16, 50, tzinfo=TZ)
FRIDAY_8H30 = datetime(2026, 6, 5, 8, 30, tzinfo=TZ)
FRIDAY_9H = datetime(2026, 6, 5, 9, 0, tzinfo=TZ)


class EventBuildersTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    form: Component
    residence: Component

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)
        cls.form = cls.version.components.get(position=1)
        cls.residence = cls.version.components.get(position=2)

    def received(self) -> Dossier:
        """Lodged online and accepted on Monday, given to the specialist."""
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_dossier(self.version, self.office)
            dossier = actions.accept_dossier(dossier, actor=person(self.office.desk))
            return actions.assign(
                dossier, actor=person(self.office.leader), assignee=self.office.specialist
            )

    def at_counter(self, **overrides: Any) -> Dossier:
        citizen = create_citizen()
        fields_: dict[str, Any] = {
            "channel": Channel.IN_PERSON,
            "actor": person(self.office.desk),
            "applicant": None,
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.personal_id,
            "files": {},
            "from_data": {self.residence.pk: "Cơ sở dữ liệu quốc gia về dân cư"},
        }
        fields_.update(overrides)
        return create_dossier(self.version, self.office, **fields_)

    def event(self, dossier: Dossier, type: EventType) -> DossierEvent:
        return dossier.events.get(type=type)

    def first_step_id(self) -> int:
        return self.version.workflows.get().steps.get(position=1).pk

    def test_the_fact_fields_are_the_columns_the_hash_covers(self) -> None:
        self.assertEqual([f.name for f in fields(Facts)], list(DossierEvent.FACT_FIELDS))

    def test_every_event_is_written_with_its_facts_hashed(self) -> None:
        dossier = self.received()
        schemas = set(dossier.events.values_list("schema", flat=True))
        self.assertEqual(schemas, {FACTS_SCHEMA})

    def test_events_without_facts_leave_the_columns_empty(self) -> None:
        dossier = self.received()
        self.assertEqual(Facts.of(self.event(dossier, EventType.RECEIVED)), Facts())
        self.assertEqual(Facts.of(self.event(dossier, EventType.ASSIGNED)), Facts())

    def test_an_online_submission_records_its_channel(self) -> None:
        dossier = create_dossier(self.version, self.office)
        facts = Facts.of(self.event(dossier, EventType.SUBMITTED))
        self.assertEqual(
            (facts.channel, facts.reused, facts.from_data, facts.digitized),
            (Channel.ONLINE, 0, 0, 0),
        )

    def test_a_counter_submission_counts_scans_and_data_taken_from_sources(self) -> None:
        dossier = self.at_counter(files={self.form.pk: attachment()})
        facts = Facts.of(self.event(dossier, EventType.SUBMITTED))
        self.assertEqual(
            (facts.channel, facts.from_data, facts.digitized), (Channel.IN_PERSON, 1, 1)
        )

    def test_digitizing_at_the_desk_counts_one_component(self) -> None:
        dossier = self.at_counter()
        actions.digitize_component(
            dossier,
            actor=person(self.office.desk),
            component_id=self.form.pk,
            upload=ContentFile(image_bytes("PNG"), name="chup.png"),
        )
        self.assertEqual(self.event(dossier, EventType.DIGITIZED).digitized, 1)

    def test_a_supplement_request_records_the_dossiers_count(self) -> None:
        dossier = create_dossier(self.version, self.office)
        actions.request_supplement(
            dossier, actor=person(self.office.desk), component_ids=[self.form.pk], reason="Mờ"
        )
        self.assertEqual(self.event(dossier, EventType.SUPPLEMENT_REQUESTED).supplement_count, 1)

    def test_a_refused_attempt_records_its_code(self) -> None:
        dossier = create_dossier(self.version, self.office)
        actor = person(self.office.desk)
        actions.request_supplement(dossier, actor=actor, component_ids=[self.form.pk], reason="1")
        with self.assertRaises(actions.RuleViolation):
            actions.request_supplement(
                dossier, actor=actor, component_ids=[self.form.pk], reason="2"
            )
        refused = self.event(dossier, EventType.RULE_REFUSED)
        self.assertEqual(refused.rule_code, "supplement.already_requested")

    def test_a_step_left_on_time_records_no_lateness(self) -> None:
        dossier = self.received()
        with time_machine.travel(WEDNESDAY_10H, tick=False):
            actions.forward(dossier, actor=person(self.office.specialist))
        self.assertEqual(Facts.of(self.event(dossier, EventType.FORWARDED)), Facts())

    def test_a_step_left_late_is_attributed_to_who_held_it(self) -> None:
        dossier = self.received()
        with time_machine.travel(THURSDAY_16H50, tick=False):
            actions.forward(dossier, actor=person(self.office.specialist))
        self.assertEqual(
            Facts.of(self.event(dossier, EventType.FORWARDED)),
            Facts(
                late=True,
                step_overdue=True,
                attributed_step_id=self.first_step_id(),
                attributed_unit_id=self.office.unit.pk,
                attributed_officer_id=self.office.specialist.pk,
            ),
        )

    def test_a_step_sent_back_late_is_attributed_to_who_held_it(self) -> None:
        dossier = self.received()
        with time_machine.travel(WEDNESDAY_10H, tick=False):
            dossier = actions.forward(dossier, actor=person(self.office.specialist))
        with time_machine.travel(FRIDAY_8H30, tick=False):
            actions.send_back(dossier, actor=person(self.office.leader), reason="Xem lại")
        sent_back = self.event(dossier, EventType.SENT_BACK)
        self.assertEqual((sent_back.late, sent_back.step_overdue), (True, True))
        self.assertEqual(sent_back.attributed_step_id, sent_back.step_id)

    def test_the_overdue_mark_records_the_delay_and_its_holder(self) -> None:
        dossier = self.received()
        with time_machine.travel(FRIDAY_9H, tick=False):
            actions.scan_deadlines()
        self.assertEqual(
            Facts.of(self.event(dossier, EventType.OVERDUE)),
            Facts(
                late=True,
                without_apology=True,
                attributed_step_id=self.first_step_id(),
                attributed_unit_id=self.office.unit.pk,
                attributed_officer_id=self.office.specialist.pk,
            ),
        )

    def test_a_decision_the_scan_had_not_seen_records_the_delay(self) -> None:
        dossier = self.received()
        with time_machine.travel(FRIDAY_8H30, tick=False):
            dossier = actions.forward(dossier, actor=person(self.office.specialist))
            actions.approve(dossier, actor=person(self.office.leader))
        approved = self.event(dossier, EventType.APPROVED)
        self.assertEqual(
            (approved.late, approved.finished_late, approved.without_apology), (True, True, True)
        )
        # The delay is the first overrun step's, the specialist's: not the approving leader's.
        self.assertEqual(approved.attributed_step_id, self.first_step_id())
        self.assertEqual(approved.attributed_officer_id, self.office.specialist.pk)

    def test_a_decision_after_the_overdue_mark_does_not_record_the_delay_again(self) -> None:
        dossier = self.received()
        with time_machine.travel(FRIDAY_8H30, tick=False):
            actions.scan_deadlines()
            dossier = actions.forward(dossier, actor=person(self.office.specialist))
            actions.sign(dossier, actor=person(self.office.leader))
        signed = self.event(dossier, EventType.SIGNED)
        self.assertEqual((signed.finished_late, signed.without_apology), (True, None))

    def test_a_rejection_after_the_due_date_is_late(self) -> None:
        dossier = self.received()
        with time_machine.travel(FRIDAY_8H30, tick=False):
            actions.reject(dossier, actor=person(self.office.specialist), reason="Không đủ")
        rejected = self.event(dossier, EventType.REJECTED)
        self.assertEqual(
            (rejected.late, rejected.step_overdue, rejected.finished_late), (True, True, True)
        )
        self.assertEqual(rejected.attributed_officer_id, self.office.specialist.pk)

    def test_an_apology_is_attributed_to_who_holds_the_dossier(self) -> None:
        dossier = self.received()
        with time_machine.travel(WEDNESDAY_10H, tick=False):
            actions.issue_apology(
                dossier,
                actor=person(self.office.specialist),
                extra_working_days=2,
                reason="Chờ xác minh",
            )
        apology = self.event(dossier, EventType.APOLOGY_ISSUED)
        self.assertFalse(apology.late)
        self.assertEqual(
            (apology.attributed_unit_id, apology.attributed_officer_id),
            (self.office.unit.pk, self.office.specialist.pk),
        )

    def test_a_due_soon_warning_is_attributed_but_not_late(self) -> None:
        dossier = self.received()
        with time_machine.travel(WEDNESDAY_16H, tick=False):
            actions.scan_deadlines()
        warning = self.event(dossier, EventType.DUE_SOON)
        self.assertFalse(warning.late)
        self.assertEqual(warning.attributed_officer_id, self.office.specialist.pk)
