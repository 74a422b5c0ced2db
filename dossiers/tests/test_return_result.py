"""return_result: the desk hands the result over and the dossier closes. Where the law
requires a paper result, the scan of the signed and stamped paper is stored, signed by the
unit, before it is handed over."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from catalog.models import ProcedureVersion
from documents.models import IssuedDocument, StoredDocument
from documents.signing import verify_pdf
from dossiers.actions import DossierError, reject, return_result
from dossiers.actors import person
from dossiers.models import EventType, Status
from dossiers.testing import (
    ActionTestCase,
    attachment,
    create_decided_dossier,
    create_procedure,
    create_received_dossier,
)
from dossiers.workflow import IllegalTransition


class ReturnResultTestCase(ActionTestCase):
    paper: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.paper = create_procedure(result_is_paper=True, result_code="giay-khai-sinh")

    def test_it_closes_the_dossier(self) -> None:
        decided = create_decided_dossier(self.version, self.office)
        dossier = return_result(decided, actor=person(self.office.desk))
        self.assertEqual(dossier.status, Status.RETURNED)
        self.assertIsNotNone(dossier.closed_at)

    def test_it_writes_one_event_at_the_desk(self) -> None:
        decided = create_decided_dossier(self.version, self.office)
        dossier = return_result(decided, actor=person(self.office.desk), note="Đã nhận bản chính")
        event = self.new_event(dossier, decided.event_count)
        self.assertEvent(event, EventType.RESULT_RETURNED, Status.DONE, Status.RETURNED)
        self.assertEqual((event.actor_role, event.reason), (Role.FRONT_DESK, "Đã nhận bản chính"))
        self.assertEqual(event.parameters, {})

    def test_a_paper_result_is_not_handed_over_without_its_scan(self) -> None:
        dossier = create_decided_dossier(self.paper, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            return_result(dossier, actor=person(self.office.desk))

    def test_the_scan_of_a_paper_result_is_signed_stored_and_recorded(self) -> None:
        decided = create_decided_dossier(self.paper, self.office)
        scan = attachment("quet.pdf")
        dossier = return_result(decided, actor=person(self.office.desk), paper_scan=scan)
        code = self.new_event(dossier, decided.event_count).parameters["paper_scan"]
        document = IssuedDocument.objects.get(code=code)
        with document.file.open("rb") as handle:
            self.assertTrue(verify_pdf(handle.read()).valid)
        self.assertTrue(StoredDocument.objects.filter(document=document).exists())

    def test_a_refusal_to_grant_needs_no_paper(self) -> None:
        received = create_received_dossier(self.paper, self.office)
        dossier = reject(
            received, actor=person(self.office.specialist), reason="Không đủ điều kiện"
        )
        self.assertEqual(
            return_result(dossier, actor=person(self.office.desk)).status, Status.RETURNED
        )

    def test_the_specialist_may_not_hand_over(self) -> None:
        dossier = create_decided_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            return_result(dossier, actor=person(self.office.specialist))

    def test_there_is_nothing_to_hand_over_before_a_decision(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, IllegalTransition):
            return_result(dossier, actor=person(self.office.desk))
