from __future__ import annotations

from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from catalog.models import Channel
from dossiers.models import Dossier, DossierComponent, Status
from dossiers.testing import attachment


class CounterIntakeTestCase(ScenarioTestCase):
    def post(self, **overrides: object):
        components = list(self.version.components.all())
        data: dict[str, object] = {
            "desk": self.office.unit.code,
            "code": self.version.procedure.code,
            "procedure": self.version.pk,
            "competent_unit": self.office.unit.pk,
            "applicant_name": "Lê Văn Tám",
            "applicant_id_number": "001088012345",
            "applicant_phone": "0987654321",
            **{f"c{c.pk}": attachment() for c in components},
        }
        data.update(overrides)
        self.client.force_login(self.office.desk)
        return self.client.post(reverse("backoffice:intake"), data)

    def test_the_desk_lodges_a_dossier_for_the_applicant_present(self) -> None:
        response = self.post()
        dossier = Dossier.objects.get()
        self.assertRedirects(response, reverse("backoffice:dossier", args=[dossier.code]))
        self.assertEqual((dossier.channel, dossier.status), (Channel.IN_PERSON, Status.SUBMITTED))
        self.assertEqual(dossier.created_by, self.office.desk)
        self.assertEqual(
            set(dossier.components.values_list("state", flat=True)),
            {DossierComponent.State.PROVIDED},
        )

    def test_a_counter_dossier_missing_a_paper_cannot_be_accepted(self) -> None:
        first = self.version.components.first()
        self.post(**{f"c{first.pk}": ""})
        dossier = Dossier.objects.get()
        messages = self.act(self.office.desk, dossier, "accept")
        self.assertIn("chưa đủ thành phần", messages[-1])
        self.assertEqual(self.reload(dossier).status, Status.SUBMITTED)

    def test_a_malformed_id_number_is_refused_in_vietnamese(self) -> None:
        response = self.post(applicant_id_number="12345")
        self.assertContains(response, "12 chữ số")
        self.assertFalse(Dossier.objects.exists())

    def test_the_choice_page_lists_the_procedures_of_the_desk(self) -> None:
        self.client.force_login(self.office.desk)
        response = self.client.get(reverse("backoffice:intake"))
        self.assertContains(response, self.version.name)

    def test_a_citizen_cannot_open_the_back_office(self) -> None:
        from core.testing import create_citizen

        self.client.force_login(create_citizen())
        self.assertEqual(self.client.get(reverse("backoffice:inbox")).status_code, 403)

    def test_posting_the_same_form_twice_lodges_one_dossier(self) -> None:
        key = "7f6a2f0e-3c1b-4d7e-9a55-2b8f1f0c9d01"
        self.post(submission_key=key)
        self.post(submission_key=key)
        self.assertEqual(Dossier.objects.count(), 1)

    def test_a_dossier_that_came_by_post_is_recorded_as_such(self) -> None:
        from catalog.models import ChannelOption

        ChannelOption.objects.get_or_create(version=self.version, channel=Channel.POST)
        self.post(kenh="3")
        self.assertEqual(Dossier.objects.get().channel, Channel.POST)
