"""Rendering, signing and storing a document take hundreds of milliseconds; they happen before
the dossier's row is locked (on SQLite: before the database is) and outside any transaction,
so the lock, measured from its acquisition to the commit, lasts a few milliseconds. Real
transactions, real signatures."""

from __future__ import annotations

from django.test import TransactionTestCase

from dossiers import actions
from dossiers.actors import person
from dossiers.issued import documents_of
from dossiers.models import Status
from dossiers.testing import Office, attachment, create_procedure
from dossiers.tests.racing import (
    TIMED_RUNS,
    at_counter,
    at_last_step,
    code_sequence_held,
    decided,
    dossier_lock_held,
    paper,
    scan,
    seals_in_transaction,
)

RUNS = range(TIMED_RUNS)


class LockWhileSigningTestCase(TransactionTestCase):
    office: Office

    def setUp(self) -> None:
        self.office = Office.create()

    def assert_brief(self, held: list[float], inside: list[bool]) -> None:
        self.assertEqual(len(held), TIMED_RUNS)  # each run took the dossier's lock
        self.assertTrue(inside, "nothing was rendered or signed")
        self.assertNotIn(True, inside, "rendered or signed while a transaction was open")

    def test_an_approval_holds_the_lock_briefly_while_its_result_is_signed(self) -> None:
        version = create_procedure()
        dossiers = [at_last_step(version, self.office) for _ in RUNS]
        with dossier_lock_held() as held, seals_in_transaction() as inside:
            for dossier in dossiers:
                actions.sign(dossier, actor=person(self.office.leader), result="Đồng ý cấp.")
        self.assert_brief(held, inside)
        self.assertEqual(
            [documents_of(d).filter(kind="result").count() for d in dossiers], [1] * TIMED_RUNS
        )

    def test_digitizing_holds_the_lock_briefly_while_the_copy_is_certified(self) -> None:
        version = create_procedure()
        dossiers = [at_counter(version, self.office) for _ in RUNS]
        with dossier_lock_held() as held, seals_in_transaction() as inside:
            items = [
                actions.digitize_component(
                    dossier,
                    actor=person(self.office.desk),
                    component_id=paper(version).pk,
                    upload=scan(),
                )
                for dossier in dossiers
            ]
        self.assert_brief(held, inside)
        self.assertTrue(all(item.certified_copy for item in items))

    def test_returning_a_paper_result_holds_the_lock_briefly_while_its_scan_is_signed(
        self,
    ) -> None:
        version = create_procedure(result_is_paper=True)
        dossiers = [decided(version, self.office) for _ in RUNS]
        with dossier_lock_held() as held, seals_in_transaction() as inside:
            returned = [
                actions.return_result(dossier, actor=person(self.office.desk), paper_scan=scan())
                for dossier in dossiers
            ]
        self.assert_brief(held, inside)
        self.assertEqual({dossier.status for dossier in returned}, {Status.RETURNED})

    def test_a_counter_submission_holds_the_code_sequence_briefly_while_scans_are_certified(
        self,
    ) -> None:
        version = create_procedure()
        with code_sequence_held() as held, seals_in_transaction() as inside:
            lodged = [
                at_counter(version, self.office, files={paper(version).pk: attachment()})
                for _ in RUNS
            ]
        self.assert_brief(held, inside)
        self.assertTrue(
            all(d.components.get(component=paper(version)).certified_copy for d in lodged)
        )
