from __future__ import annotations

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.models import Outcome, Status
from dossiers.testing import create_received_dossier
from dossiers.workflow import national_code
from notifications.models import Notification
from notifications.testing import during_sending_hours


class OnlineToResultTestCase(ScenarioTestCase):
    """Online submission → accept → specialist → leader approves → result returned."""

    def test_the_whole_journey(self) -> None:
        dossier = self.submit()
        self.act(self.office.desk, dossier, "accept")
        self.assertEqual(self.reload(dossier).status, Status.IN_PROGRESS)
        self.act(self.office.specialist, dossier, "forward", reason="Đủ điều kiện")
        self.act(self.office.leader, dossier, "approve", result="Cấp giấy khai sinh")
        dossier = self.reload(dossier)
        self.assertEqual((dossier.status, dossier.outcome), (Status.DONE, Outcome.GRANTED))
        self.act(self.office.desk, dossier, "return_result")
        dossier = self.reload(dossier)
        self.assertEqual(national_code(dossier.status), 10)
        self.assertEqual(
            self.event_types(dossier),
            ["submitted", "received", "forwarded", "approved", "result_returned"],
        )

    def test_acceptance_issues_the_receipt_slip_with_the_due_date(self) -> None:
        dossier = self.submit()
        self.act(self.office.desk, dossier, "accept")
        slip = self.reload(dossier).slips.get()
        self.assertEqual(slip.kind, "receipt")
        self.assertEqual(slip.content["dossier_code"], dossier.code)
        self.assertTrue(slip.content["due_at"])

    def test_the_applicant_is_told_of_reception_and_result(self) -> None:
        self.enterContext(during_sending_hours())
        dossier = self.submit()
        with self.captureOnCommitCallbacks(execute=True):
            self.act(self.office.desk, dossier, "accept")
            self.act(self.office.specialist, dossier, "forward")
            self.act(self.office.leader, dossier, "approve")
        sent = Notification.objects.filter(dossier_id=dossier.pk, channel="sms")
        self.assertEqual([n.kind for n in sent.order_by("pk")], ["received", "result_ready"])
        self.assertTrue(all(n.status == Notification.Status.DELIVERED for n in sent))

    def test_an_officer_of_the_wrong_step_cannot_act(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        messages = self.act(self.office.leader, dossier, "forward")
        self.assertIn("vai trò", messages[0])
        self.assertEqual(self.reload(dossier).current_role, "specialist")

    def test_the_leader_assigns_a_named_specialist(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.act(self.office.leader, dossier, "assign", assignee=self.office.specialist.pk)
        self.assertEqual(self.reload(dossier).assignee, self.office.specialist)

    def test_the_dossier_page_shows_the_timeline(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        self.client.force_login(self.office.desk)
        response = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertContains(response, "Tiếp nhận hồ sơ")
        self.assertContains(response, "Nộp hồ sơ")

    def test_an_officer_of_another_unit_gets_not_found(self) -> None:
        from dossiers.testing import Office

        stranger = Office.create()
        dossier = self.submit()
        self.client.force_login(stranger.desk)
        response = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertEqual(response.status_code, 404)
