from __future__ import annotations

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.models import Status
from dossiers.workflow import national_code


class RefusalTestCase(ScenarioTestCase):
    def test_the_desk_refuses_with_reasons(self) -> None:
        dossier = self.submit()
        self.act(self.office.desk, dossier, "refuse", reason="Không thuộc thẩm quyền")
        dossier = self.reload(dossier)
        self.assertEqual(national_code(dossier.status), 3)
        slip = dossier.slips.get()
        self.assertEqual((slip.kind, slip.content["reason"]), ("refusal", "Không thuộc thẩm quyền"))

    def test_a_refusal_needs_a_reason(self) -> None:
        dossier = self.submit()
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:action", kwargs={"code": dossier.code, "action": "refuse"})
        response = self.client.post(url, {"reason": ""})
        # Said at the field, the form shown again (GOV.UK error summary and message).
        self.assertContains(response, "govuk-error-summary", status_code=400)
        self.assertContains(response, 'id="refuse-reason-error"', status_code=400)
        self.assertEqual(self.reload(dossier).status, Status.SUBMITTED)

    def test_a_refused_dossier_cannot_be_accepted(self) -> None:
        dossier = self.submit()
        self.act(self.office.desk, dossier, "refuse", reason="Sai thủ tục")
        messages = self.act(self.office.desk, dossier, "accept")
        self.assertIn("Không thể", messages[0])
        self.assertEqual(self.reload(dossier).status, Status.REFUSED)

    def test_only_the_desk_of_the_receiving_unit_decides(self) -> None:
        dossier = self.submit()
        self.act(self.office.specialist, dossier, "accept")
        self.assertEqual(self.reload(dossier).status, Status.SUBMITTED)
