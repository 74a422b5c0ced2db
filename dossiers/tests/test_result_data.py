"""approve and sign with ``result_data``: the step that decides fills the procedure's result
schema (register number, book…), checked like a declaration, kept on the dossier the result
is rendered from, and recorded with the decision."""

from __future__ import annotations

from catalog.models import ProcedureVersion, StepAction, WorkflowStep
from documents.models import IssuedDocument
from dossiers.actions import DossierError, approve, sign
from dossiers.actors import person
from dossiers.errors import ResultDataInvalid
from dossiers.models import Dossier, EventType, Status
from dossiers.testing import (
    ActionTestCase,
    create_dossier_at_last_step,
    create_procedure,
    create_received_dossier,
    reload,
    sample_result_schema,
)

FILLED = {"number": "125", "book": "01/2026", "page": "3"}


class ResultDataTestCase(ActionTestCase):
    with_result: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.with_result = create_procedure(days=3, result_schema=sample_result_schema())

    def at_last(self) -> Dossier:
        return create_dossier_at_last_step(self.with_result, self.office)

    def test_approving_keeps_the_result_data_on_the_dossier(self) -> None:
        dossier = approve(self.at_last(), actor=person(self.office.leader), result_data=FILLED)
        self.assertEqual(reload(dossier).result_data["book"], "01/2026")

    def test_signing_keeps_it_too(self) -> None:
        dossier = sign(self.at_last(), actor=person(self.office.leader), result_data=FILLED)
        self.assertEqual(reload(dossier).result_data["number"], "125")

    def test_it_is_kept_as_the_schema_cleans_it(self) -> None:
        dossier = approve(self.at_last(), actor=person(self.office.leader), result_data=FILLED)
        kept = reload(dossier).result_data
        self.assertEqual(kept, {"number": "125", "book": "01/2026", "page": 3})

    def test_the_decision_records_it_in_its_event(self) -> None:
        at_last = self.at_last()
        dossier = sign(at_last, actor=person(self.office.leader), result_data=FILLED)
        event = self.new_event(dossier, at_last.event_count)
        self.assertEqual(event.type, EventType.SIGNED)
        self.assertEqual(event.parameters["result_data"], {**FILLED, "page": 3})

    def test_data_the_schema_refuses_decides_nothing(self) -> None:
        at_last = self.at_last()
        with self.assertWritesNothing(at_last, ResultDataInvalid) as refused:
            approve(
                at_last,
                actor=person(self.office.leader),
                result_data={**FILLED, "number": "số 12"},
            )
        self.assertEqual(list(refused.exception.errors), ["number"])
        self.assertFalse(IssuedDocument.objects.filter(dossier_link__dossier=at_last).exists())

    def test_the_refusal_has_its_code_and_names_the_field(self) -> None:
        at_last = self.at_last()
        with self.assertRaises(ResultDataInvalid) as refused:
            approve(at_last, actor=person(self.office.leader), result_data={"number": "12"})
        self.assertEqual(refused.exception.code, "result_data.invalid")
        self.assertIn("quyển số", str(refused.exception))

    def test_a_result_schema_must_be_filled_to_decide(self) -> None:
        at_last = self.at_last()
        with self.assertWritesNothing(at_last, ResultDataInvalid):
            sign(at_last, actor=person(self.office.leader))

    def test_a_procedure_without_a_result_schema_takes_none(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        with self.assertWritesNothing(at_last, DossierError) as refused:
            approve(at_last, actor=person(self.office.leader), result_data=FILLED)
        self.assertEqual(refused.exception.code, "result_data.unexpected")

    def test_a_procedure_without_a_result_schema_decides_as_before(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        dossier = approve(at_last, actor=person(self.office.leader))
        self.assertEqual((dossier.status, reload(dossier).result_data), (Status.DONE, {}))

    def test_a_step_that_does_not_decide_takes_none(self) -> None:
        received = create_received_dossier(self.with_result, self.office)
        WorkflowStep.objects.filter(pk=received.current_step_id or 0).update(
            actions=[StepAction.FORWARD, StepAction.APPROVE]
        )
        with self.assertWritesNothing(received, DossierError) as refused:
            approve(received, actor=person(self.office.specialist), result_data=FILLED)
        self.assertEqual(refused.exception.code, "result_data.not_deciding")
