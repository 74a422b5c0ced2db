from __future__ import annotations

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.actions import request_withdrawal
from dossiers.actors import person
from dossiers.workflow import national_code


class WithdrawalTestCase(ScenarioTestCase):
    def test_the_applicant_withdraws_and_the_desk_stops(self) -> None:
        dossier = self.submit()
        self.act(self.office.desk, dossier, "accept")
        assert dossier.applicant is not None
        request_withdrawal(dossier, actor=person(dossier.applicant), reason="Không còn nhu cầu")
        self.assertEqual(national_code(self.reload(dossier).status), 7)
        self.act(self.office.desk, dossier, "stop", reason="Theo yêu cầu rút hồ sơ")
        dossier = self.reload(dossier)
        self.assertEqual(national_code(dossier.status), 8)
        self.assertIsNone(dossier.current_step)
        self.assertEqual(dossier.slips.last().kind, "stop")
