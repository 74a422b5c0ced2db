"""The builders of dossiers/testing.py reach each state through the real actions: the state
they promise, and the history those actions write."""

from __future__ import annotations

from catalog.models import Channel
from core import clock
from documents.models import IssuedDocument
from dossiers.events import verify_dossier
from dossiers.models import DeadlineState, Dossier, DossierComponent, Outcome, Status
from dossiers.testing import (
    ActionTestCase,
    create_counter_dossier,
    create_decided_dossier,
    create_dossier_at_last_step,
    create_overdue_dossier,
    create_procedure,
    create_received_dossier,
    create_returned_dossier,
    create_supplement_requested_dossier,
)


class BuildersTestCase(ActionTestCase):
    def history(self, dossier: Dossier) -> list[str]:
        events = list(dossier.events.order_by("seq"))
        problems = list(
            verify_dossier(
                dossier.code, dossier.event_count, dossier.last_event_hash, events, dossier.status
            )
        )
        self.assertEqual(problems, [])
        return [event.type for event in events]

    def test_a_received_dossier_is_in_progress_at_the_first_step(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.assertEqual((dossier.status, dossier.current_step.position), (Status.IN_PROGRESS, 1))
        self.assertEqual(self.history(dossier), ["submitted", "received"])

    def test_a_dossier_at_the_last_step_waits_for_the_leader(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        self.assertEqual((dossier.current_step.position, dossier.current_role), (2, "leader"))
        self.assertEqual(self.history(dossier), ["submitted", "received", "forwarded"])

    def test_a_decided_dossier_has_its_signed_result(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        self.assertEqual((dossier.status, dossier.outcome), (Status.DONE, Outcome.GRANTED))
        self.assertTrue(
            IssuedDocument.objects.filter(dossier_link__dossier=dossier, kind="result").exists()
        )
        self.assertEqual(self.history(dossier), ["submitted", "received", "forwarded", "signed"])

    def test_a_returned_dossier_is_closed(self) -> None:
        dossier = create_returned_dossier(self.version, self.office)
        self.assertEqual(dossier.status, Status.RETURNED)
        self.assertEqual(self.history(dossier)[-1], "result_returned")

    def test_a_paper_result_is_returned_with_its_scan(self) -> None:
        paper = create_procedure(result_is_paper=True)
        dossier = create_returned_dossier(paper, self.office)
        self.assertIn("paper_scan", dossier.events.last().parameters)

    def test_a_supplement_is_requested_in_processing_or_at_reception(self) -> None:
        in_process = create_supplement_requested_dossier(self.version, self.office)
        at_reception = create_supplement_requested_dossier(
            self.version, self.office, at_reception=True
        )
        self.assertEqual(
            (in_process.status, at_reception.status),
            (Status.SUPPLEMENT_IN_PROCESS, Status.SUPPLEMENT_AT_RECEPTION),
        )
        self.assertEqual(self.history(at_reception), ["submitted", "supplement_requested"])

    def test_an_overdue_dossier_was_marked_by_the_scan_after_its_due_date(self) -> None:
        dossier = create_overdue_dossier(self.version, self.office)
        self.assertEqual(dossier.deadline_state, DeadlineState.OVERDUE)
        assert dossier.due_at is not None
        self.assertLess(dossier.due_at, clock.now())
        self.assertLess(dossier.due_at, dossier.events.last().at)
        self.assertEqual(self.history(dossier), ["submitted", "received", "overdue"])

    def test_a_counter_dossier_waits_for_its_papers_to_be_digitized(self) -> None:
        dossier = create_counter_dossier(self.version, self.office)
        self.assertEqual((dossier.channel, dossier.applicant), (Channel.IN_PERSON, None))
        self.assertEqual(
            set(dossier.components.values_list("state", flat=True)),
            {DossierComponent.State.MISSING},
        )
