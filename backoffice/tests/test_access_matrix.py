"""Every back-office POST on a dossier refuses whoever may not act on it, and writes nothing."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Role, User
from backoffice.tests.scenario import ScenarioTestCase
from core.testing import create_officer, create_unit
from dossiers.models import Dossier
from dossiers.testing import Office, create_procedure, create_supplement_requested_dossier
from dossiers.workflow import Action
from registry.models import CorrectionRequest

# Everything but what only the scheduler or the applicant does.
POSTABLE = [
    a for a in Action.values
    if a not in {Action.MARK_DUE_SOON, Action.MARK_OVERDUE, Action.REQUEST_WITHDRAWAL}
]  # fmt: skip


class AccessMatrixTestCase(ScenarioTestCase):
    inspector: User
    stranger: User

    @classmethod
    def setUpTestData(cls) -> None:
        city = create_unit(receives_dossiers=False)
        cls.office = Office.create(parent=city)
        cls.version = create_procedure(days=3)
        cls.inspector = create_officer(city, roles=(Role.INSPECTOR,))
        cls.stranger = Office.create(parent=city).desk

    def urls(self, dossier: Dossier) -> list[str]:
        component = dossier.components.values_list("component_id", flat=True)[0]
        return [
            *(reverse("backoffice:action", args=[dossier.code, a]) for a in POSTABLE),
            reverse("backoffice:file_correction", args=[dossier.code]),
            reverse("backoffice:correct_declaration", args=[dossier.code]),
            reverse("backoffice:digitize", args=[dossier.code, component]),
        ]

    def test_outsiders_are_refused_everywhere_and_nothing_is_written(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, at_reception=True)
        component = dossier.components.values_list("component_id", flat=True)[0]
        data = {
            "components": [component], "reason": "Lần hai", "field": "full_name",
            "proposed_value": "Tên đúng", "question": "?", "answer": "!", "working_days": "2",
            "extra_working_days": "2",
        }  # fmt: skip
        assert dossier.applicant is not None
        people = {
            "citizen": dossier.applicant,
            "inspector": self.inspector,
            "other unit": self.stranger,
        }
        for who, user in people.items():
            self.client.force_login(user)
            for url in self.urls(dossier):
                with self.subTest(who=who, url=url):
                    self.assertIn(self.client.post(url, data).status_code, (403, 404))
        self.assertEqual(self.reload(dossier).event_count, dossier.event_count)
        self.assertFalse(CorrectionRequest.objects.exists())
