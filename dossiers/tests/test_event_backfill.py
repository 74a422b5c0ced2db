"""Migration 0008: the fact columns of events written before them, filled from their hashed
parameters (the backfill function, run directly on events written the old way)."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from catalog.models import Channel, WorkflowStep
from dossiers import actions
from dossiers.actors import person
from dossiers.events import Facts, verify_dossier
from dossiers.models import Dossier, DossierEvent
from dossiers.testing import (
    Office,
    create_dossier,
    create_procedure,
    run_event_backfill,
    write_old_event,
)


class EventBackfillTestCase(TestCase):
    office: Office
    dossier: Dossier
    step: WorkflowStep

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        dossier = create_dossier(create_procedure(), cls.office)
        cls.dossier = actions.accept_dossier(dossier, actor=person(cls.office.desk))
        assert cls.dossier.current_step is not None
        cls.step = cls.dossier.current_step

    def holder(self, **changes: Any) -> dict[str, Any]:
        """Who held the dossier, as the parameters of old events named them."""
        held = {
            "step": self.step.name,
            "step_id": self.step.pk,
            "unit": self.office.unit.code,
            "officer": self.office.specialist.pk,
            "officer_name": self.office.specialist.full_name,
        }
        return {**held, **changes}

    def backfilled(self, type: str, parameters: dict[str, Any]) -> DossierEvent:
        event = write_old_event(self.dossier, type, parameters)
        run_event_backfill()
        return DossierEvent.objects.get(pk=event.pk)

    def test_an_old_overdue_mark_gets_its_lateness_and_holder(self) -> None:
        event = self.backfilled(
            "overdue", {"due_at": None, "attributed_to": self.holder(), "without_apology": True}
        )
        self.assertEqual(
            Facts.of(event),
            Facts(
                late=True,
                without_apology=True,
                attributed_step_id=self.step.pk,
                attributed_unit_id=self.office.unit.pk,
                attributed_officer_id=self.office.specialist.pk,
            ),
        )

    def test_an_old_forward_after_the_steps_due_date_gets_its_overrun(self) -> None:
        event = self.backfilled(
            "forwarded", {"step_overdue": True, "held_by": self.holder(), "to_step": "Phê duyệt"}
        )
        self.assertEqual((event.late, event.step_overdue), (True, True))
        self.assertEqual(event.attributed_officer_id, self.office.specialist.pk)

    def test_an_old_late_decision_gets_the_delay_not_the_steps_overrun(self) -> None:
        event = self.backfilled(
            "approved",
            {
                "step_overdue": True,
                "held_by": self.holder(officer=self.office.leader.pk),
                "finished_late": True,
                "without_apology": False,
                "attributed_to": self.holder(),
                "outcome": "granted",
            },
        )
        self.assertEqual((event.finished_late, event.without_apology), (True, False))
        self.assertEqual(event.attributed_officer_id, self.office.specialist.pk)

    def test_an_old_submission_gets_its_channel_and_reuse(self) -> None:
        event = self.backfilled(
            "submitted",
            {
                "channel": Channel.IN_PERSON,
                "from_data": {"7": "Cơ sở dữ liệu quốc gia về dân cư"},
                "reused": {"8": "KQ-1", "9": "KQ-2"},
            },
        )
        self.assertEqual(
            (event.channel, event.from_data, event.reused, event.digitized),
            (Channel.IN_PERSON, 1, 2, None),
        )

    def test_old_supplement_requests_are_numbered_along_the_chain(self) -> None:
        write_old_event(self.dossier, "supplement_requested", {"components": [1]})
        event = self.backfilled("supplement_requested", {"components": [2]})
        self.assertEqual(event.supplement_count, 2)

    def test_an_old_refusal_gets_its_code(self) -> None:
        event = self.backfilled(
            "rule_refused", {"attempted": "second_apology", "code": "apology.already_issued"}
        )
        self.assertEqual(event.rule_code, "apology.already_issued")

    def test_an_old_digitization_counts_one_component(self) -> None:
        event = self.backfilled("digitized", {"component": 1, "document": "BS-1"})
        self.assertEqual(event.digitized, 1)

    def test_a_unit_code_no_longer_known_leaves_the_unit_empty(self) -> None:
        event = self.backfilled(
            "overdue", {"attributed_to": self.holder(unit="000.00.00.H99"), "without_apology": True}
        )
        self.assertIsNone(event.attributed_unit_id)
        self.assertEqual(event.attributed_officer_id, self.office.specialist.pk)

    def test_events_written_with_their_facts_are_left_alone(self) -> None:
        def facts() -> list[Facts]:
            return [Facts.of(e) for e in self.dossier.events.order_by("seq")]

        before = facts()
        run_event_backfill()
        self.assertEqual(facts(), before)

    def test_old_and_new_events_verify_together_after_it(self) -> None:
        self.backfilled("overdue", {"attributed_to": self.holder(), "without_apology": True})
        self.dossier.refresh_from_db()
        problems = verify_dossier(
            self.dossier.code,
            self.dossier.event_count,
            self.dossier.last_event_hash,
            list(self.dossier.events.order_by("seq")),
        )
        self.assertEqual(list(problems), [])
