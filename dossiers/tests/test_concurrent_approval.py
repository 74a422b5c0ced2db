"""Deciding a dossier signs its result before the row is locked; the decision commits only if
the dossier did not change meanwhile, else the approval starts again once (and is refused if
it changed again). Either way one decision is recorded, and a result signed for a decision
that did not commit leaves no file. Real signatures (the demo PKI)."""

from __future__ import annotations

import threading
import unittest
from functools import partial

from django.db import close_old_connections, connection
from django.test import TestCase, TransactionTestCase

from accounts.models import Role, User
from catalog.models import ProcedureVersion
from core.testing import create_officer
from documents.models import IssuedDocument
from dossiers import actions
from dossiers.actors import person
from dossiers.issued import documents_of
from dossiers.models import DeadlineState, Dossier, EventType, Status
from dossiers.testing import Office, create_procedure
from dossiers.tests.racing import assert_only_issued_kept, at_last_step, kept, while_sealing

RESULT = IssuedDocument.Kind.RESULT


def results(dossier: Dossier) -> int:
    return documents_of(dossier).filter(kind=RESULT).count()


class ConflictingApprovalTestCase(TestCase):
    office: Office
    other_leader: User
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.other_leader = create_officer(cls.office.unit, roles=(Role.LEADER,))
        cls.version = create_procedure()

    def sign(self, dossier: Dossier) -> Dossier:
        return actions.sign(dossier, actor=person(self.office.leader), result="Đồng ý cấp.")

    def test_a_leader_signing_meanwhile_leaves_one_decision_and_no_orphan_file(self) -> None:
        dossier = at_last_step(self.version, self.office)
        other = partial(actions.sign, dossier, actor=person(self.other_leader), result="Đồng ý.")
        with while_sealing(other) as sealed, self.assertRaises(actions.DossierError):
            self.sign(dossier)
        self.assertEqual(results(dossier), 1)
        self.assertEqual(dossier.events.filter(type=EventType.SIGNED).count(), 1)
        self.assertEqual(len(sealed), 2)  # both results were signed; one was recorded
        assert_only_issued_kept(self, sealed)

    def test_a_change_meanwhile_is_retried_and_only_the_recorded_result_is_kept(self) -> None:
        dossier = at_last_step(self.version, self.office)
        scan = partial(actions.mark_deadline, dossier, DeadlineState.DUE_SOON)
        with while_sealing(scan) as sealed:
            dossier = self.sign(dossier)
        self.assertEqual((dossier.status, results(dossier)), (Status.DONE, 1))
        self.assertEqual([kept(pdf) for pdf in sealed], [False, True])
        assert_only_issued_kept(self, sealed)

    def test_a_dossier_changing_again_during_the_retry_is_refused_clearly(self) -> None:
        dossier = at_last_step(self.version, self.office)
        marks = iter([DeadlineState.DUE_SOON, DeadlineState.OVERDUE])

        def scan() -> None:
            actions.mark_deadline(dossier, next(marks))

        with (
            while_sealing(scan, times=2) as sealed,
            self.assertRaisesMessage(actions.DossierError, "vừa được người khác cập nhật"),
        ):
            self.sign(dossier)
        dossier.refresh_from_db()
        self.assertEqual((dossier.status, results(dossier)), (Status.IN_PROGRESS, 0))
        self.assertEqual(len(sealed), 2)
        self.assertEqual([kept(pdf) for pdf in sealed], [False, False])

    def test_the_decision_time_is_the_time_printed_on_the_result(self) -> None:
        dossier = self.sign(at_last_step(self.version, self.office))
        result = documents_of(dossier).get(kind=RESULT)
        self.assertEqual(dossier.decided_at, result.issued_at)


@unittest.skipUnless(connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
class ConcurrentApprovalTestCase(TransactionTestCase):
    def test_two_leaders_signing_at_once_give_one_decision_and_no_orphan_file(self) -> None:
        office = Office.create()
        leaders = [office.leader, create_officer(office.unit, roles=(Role.LEADER,))]
        dossier = at_last_step(create_procedure(), office)
        barrier = threading.Barrier(len(leaders))
        refused: list[BaseException] = []

        def sign(leader: User) -> None:
            try:
                barrier.wait(timeout=30)
                actions.sign(dossier, actor=person(leader), result="Đồng ý cấp.")
            except BaseException as exc:
                refused.append(exc)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=sign, args=(leader,)) for leader in leaders]
        with while_sealing() as sealed:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertEqual([type(exc) for exc in refused], [actions.DossierError])
        self.assertEqual(results(dossier), 1)
        self.assertEqual(dossier.events.filter(type=EventType.SIGNED).count(), 1)
        self.assertEqual(len(sealed), 2)  # both read the dossier before either one locked it
        assert_only_issued_kept(self, sealed)
