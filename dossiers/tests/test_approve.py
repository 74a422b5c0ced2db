"""approve and sign: the holder of the last step grants the dossier; the result is issued as
an electronic document signed by the leader and the unit (R30), and the applicant is told."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from documents.models import IssuedDocument
from documents.signing import verify_pdf
from documents.testing import pdf_with_javascript
from dossiers.actions import DossierError, approve, request_supplement, sign
from dossiers.actors import person
from dossiers.models import DeadlineState, EventType, Outcome, Status
from dossiers.testing import (
    ActionTestCase,
    attachment,
    create_dossier_at_last_step,
    create_received_dossier,
)
from dossiers.workflow import IllegalTransition
from notifications.models import Notification
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 4 June 17:00
RESULT = "Cấp giấy xác nhận"


class ApproveTestCase(ActionTestCase):
    def test_approving_the_last_step_grants_the_dossier(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        dossier = approve(at_last, actor=person(self.office.leader), result=RESULT)
        self.assertEqual(
            (dossier.status, dossier.outcome, dossier.result_summary),
            (Status.DONE, Outcome.GRANTED, RESULT),
        )
        self.assertIsNotNone(dossier.decided_at)
        self.assertEqual((dossier.current_step, dossier.current_role), (None, ""))

    def test_the_result_is_issued_signed_by_the_leader_and_the_unit(self) -> None:
        dossier = approve(
            create_dossier_at_last_step(self.version, self.office), actor=person(self.office.leader)
        )
        result = IssuedDocument.objects.get(
            dossier_link__dossier=dossier, kind=IssuedDocument.Kind.RESULT
        )
        with result.file.open("rb") as handle:
            report = verify_pdf(handle.read())
        self.assertTrue(report.valid)
        self.assertEqual([s.field for s in report.signatures], ["ChuKyLanhDao", "ChuKyDonVi"])

    def test_it_writes_one_event_naming_the_result(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        dossier = approve(at_last, actor=person(self.office.leader), note="Đồng ý")
        event = self.new_event(dossier, at_last.event_count)
        self.assertEvent(event, EventType.APPROVED, Status.IN_PROGRESS, Status.DONE)
        result = IssuedDocument.objects.get(
            dossier_link__dossier=dossier, kind=IssuedDocument.Kind.RESULT
        )
        self.assertEqual((event.reason, event.step), ("Đồng ý", at_last.current_step))
        self.assertEqual(
            event.parameters,
            {
                "outcome": Outcome.GRANTED,
                "result_document": result.code,
                "result_sha256": result.sha256,
            },
        )

    def test_signing_writes_a_signed_event(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        dossier = sign(at_last, actor=person(self.office.leader))
        event = self.new_event(dossier, at_last.event_count)
        self.assertEvent(event, EventType.SIGNED, Status.IN_PROGRESS, Status.DONE)

    def test_an_uploaded_result_is_the_one_signed(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        dossier = approve(
            at_last, actor=person(self.office.leader), result_file=attachment("kq.pdf")
        )
        result = IssuedDocument.objects.get(
            dossier_link__dossier=dossier, kind=IssuedDocument.Kind.RESULT
        )
        with result.file.open("rb") as handle:
            self.assertTrue(verify_pdf(handle.read()).valid)

    def test_an_uploaded_result_is_cleaned_before_it_is_signed(self) -> None:
        at_last = create_dossier_at_last_step(self.version, self.office)
        upload = ContentFile(pdf_with_javascript(), name="ket-qua.pdf")
        dossier = approve(at_last, actor=person(self.office.leader), result_file=upload)
        result = IssuedDocument.objects.get(
            dossier_link__dossier=dossier, kind=IssuedDocument.Kind.RESULT
        )
        with result.file.open("rb") as handle:
            self.assertNotIn(b"app.alert", handle.read())

    def test_it_tells_the_applicant_the_result_is_ready(self) -> None:
        dossier = approve(
            create_dossier_at_last_step(self.version, self.office), actor=person(self.office.leader)
        )
        message = Notification.objects.get(event_id=dossier.events.last().pk, channel="sms")
        self.assertEqual(message.recipient, dossier.applicant)
        self.assertIn("đã có kết quả", message.body)

    def test_a_decision_after_the_due_date_is_recorded_as_late(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            at_last = create_dossier_at_last_step(self.version, self.office)
        with time_machine.travel(datetime(2026, 6, 5, 9, 0, tzinfo=TZ), tick=False):
            dossier = approve(at_last, actor=person(self.office.leader))
        event = self.new_event(dossier, at_last.event_count)
        self.assertEqual(
            (event.parameters["finished_late"], event.parameters["without_apology"]), (True, True)
        )
        # No step overran its own share before: the delay is the last step's.
        self.assertEqual(event.parameters["attributed_to"]["step_id"], at_last.current_step_id)
        self.assertEqual(dossier.deadline_state, DeadlineState.OVERDUE)

    def test_the_specialist_may_not_approve_the_leaders_step(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            approve(dossier, actor=person(self.office.specialist))
        self.assertFalse(IssuedDocument.objects.filter(dossier_link__dossier=dossier).exists())

    def test_a_step_that_does_not_allow_it_cannot_approve(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, DossierError):
            approve(dossier, actor=person(self.office.specialist))

    def test_an_uploaded_result_that_is_not_a_pdf_decides_nothing(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        upload = ContentFile(b"not a pdf at all", name="ket-qua.pdf")
        with self.assertWritesNothing(dossier, DossierError):
            sign(dossier, actor=person(self.office.leader), result_file=upload)
        self.assertFalse(IssuedDocument.objects.filter(dossier_link__dossier=dossier).exists())

    def test_a_dossier_waiting_for_papers_cannot_be_approved(self) -> None:
        dossier = create_dossier_at_last_step(self.version, self.office)
        form = self.version.components.get(position=1)
        request_supplement(
            dossier, actor=person(self.office.leader), component_ids=[form.pk], reason="Mờ"
        )
        with self.assertWritesNothing(dossier, IllegalTransition):
            approve(dossier, actor=person(self.office.leader))
