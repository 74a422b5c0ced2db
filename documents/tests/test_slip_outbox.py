"""The slip as the outbox of its signed PDF: issued by the sweep when the after-commit enqueue
was lost, once only, and retried with backoff when issuing fails."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import TestCase

from documents.models import DocumentTemplate, IssuedDocument
from dossiers.models import Slip
from dossiers.tasks import issue_pending_slip, sweep_slips
from dossiers.testing import Office, create_procedure, create_received_dossier


class SlipOutboxTestCase(TestCase):
    office: Office

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()

    def accepted_slip(self) -> Slip:
        """A receipt slip committed without its after-commit enqueue (the process died)."""
        with self.captureOnCommitCallbacks(execute=False):
            dossier = create_received_dossier(create_procedure(), self.office)
        return dossier.slips.get()

    def test_a_slip_whose_enqueue_was_lost_is_issued_by_the_sweep(self) -> None:
        slip = self.accepted_slip()
        self.assertEqual(sweep_slips(), 1)
        self.assertTrue(IssuedDocument.objects.filter(dossier_link__slip=slip).exists())
        self.assertIsNone(Slip.objects.get(pk=slip.pk).document_due_at)

    def test_an_issued_slip_is_not_issued_again(self) -> None:
        slip = self.accepted_slip()
        code = issue_pending_slip(slip.pk)
        self.assertEqual((issue_pending_slip(slip.pk), sweep_slips()), ("skipped", 0))
        self.assertEqual(IssuedDocument.objects.get(dossier_link__slip=slip).code, code)

    def test_a_failed_issue_is_retried_after_its_backoff(self) -> None:
        slip = self.accepted_slip()
        broken = DocumentTemplate.objects.create(
            key="slips/receipt", version=1, body="{% include 'khong-co.html' %}"
        )
        self.assertEqual(issue_pending_slip(slip.pk), "failed")
        self.assertEqual(sweep_slips(), 0)  # waiting for its retry
        DocumentTemplate.objects.filter(pk=broken.pk).delete()  # the administrator fixes it
        with time_machine.travel(timedelta(hours=2)):
            self.assertEqual(sweep_slips(), 1)
        self.assertTrue(IssuedDocument.objects.filter(dossier_link__slip=slip).exists())
        self.assertEqual(Slip.objects.get(pk=slip.pk).document_attempts, 2)
