"""Approving or signing at the last step with the procedure's result schema: its fields are
on the form, what is posted is kept with the result, a refusal shows it again at its field."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from catalog.models import ProcedureVersion
from dossiers.models import Dossier, Status
from dossiers.testing import create_dossier_at_last_step, create_procedure, sample_result_schema

FILLED = {"kq-number": "125", "kq-book": "01/2026", "kq-page": "3"}


class ResultDataViewTestCase(ScenarioTestCase):
    with_result: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.with_result = create_procedure(days=3, result_schema=sample_result_schema())

    def page(self, dossier: Dossier) -> Any:
        self.client.force_login(self.office.leader)
        return self.client.get(reverse("backoffice:dossier", args=[dossier.code]))

    def sign(self, dossier: Dossier, **data: Any) -> Any:
        self.client.force_login(self.office.leader)
        url = reverse("backoffice:action", args=[dossier.code, "sign"])
        return self.client.post(url, {"reason": "", "result": "", **data})

    def test_the_signing_form_asks_for_the_result_data(self) -> None:
        page = self.page(create_dossier_at_last_step(self.with_result, self.office))
        self.assertContains(page, 'name="kq-number"')

    def test_the_signing_form_has_ids_of_its_own(self) -> None:
        page = self.page(create_dossier_at_last_step(self.with_result, self.office))
        self.assertContains(page, 'id="sign-kq-number"', count=1)

    def test_a_step_that_does_not_decide_is_not_asked(self) -> None:
        dossier = self.submit(self.with_result)
        self.client.force_login(self.office.desk)
        page = self.client.get(reverse("backoffice:dossier", args=[dossier.code]))
        self.assertNotContains(page, 'name="kq-number"')

    def test_signing_keeps_the_data_posted(self) -> None:
        dossier = create_dossier_at_last_step(self.with_result, self.office)
        self.sign(dossier, **FILLED)
        decided = self.reload(dossier)
        self.assertEqual(decided.status, Status.DONE)
        self.assertEqual(decided.result_data, {"number": "125", "book": "01/2026", "page": 3})

    def test_data_refused_is_shown_again_at_its_field(self) -> None:
        dossier = create_dossier_at_last_step(self.with_result, self.office)
        response = self.sign(dossier, **{**FILLED, "kq-number": "số 12"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="số 12"', status_code=400)
        self.assertContains(response, "govuk-input--error", status_code=400)
        self.assertEqual(self.reload(dossier).status, Status.IN_PROGRESS)
