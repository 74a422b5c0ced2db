"""The dossier's history in the citizen's words (portal.timeline), on the dossier page and the
public lookup."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from dossiers.actions import forward
from dossiers.actors import person
from dossiers.models import EventType
from dossiers.testing import create_counter_dossier, create_received_dossier
from portal import timeline
from portal.tests.base import PortalTestCase


class WordingTestCase(SimpleTestCase):
    def test_every_event_type_has_a_citizen_wording(self):
        missing = [str(t) for t in EventType if t not in timeline.WORDING]
        self.assertEqual(missing, [])

    def test_no_wording_is_the_officers_label(self):
        same = [str(t) for t in EventType if str(timeline.WORDING[t]) == str(t.label)]
        self.assertEqual(same, [])

    def test_every_wording_is_translated_into_english(self):
        sentences = [*timeline.WORDING.values(), *timeline.SUBMITTED_BY_CHANNEL.values()]
        sentences += [timeline.SUBMITTED_BY_HELPER, timeline.NEXT_STEP]
        vietnamese = [str(s) for s in sentences]
        with translation.override("en"):
            english = [str(s) for s in sentences]
        self.assertEqual([vi for vi, en in zip(vietnamese, english, strict=True) if vi == en], [])


class DossierTimelineTestCase(PortalTestCase):
    def page(self, dossier):
        self.client.force_login(self.citizen)
        return self.client.get(reverse("portal:dossier", args=[dossier.code]))

    def test_it_words_a_move_to_another_step_with_the_step(self):
        dossier = create_received_dossier(self.version, self.office, applicant=self.citizen)
        forward(dossier, actor=person(self.office.specialist))
        step = dossier.events.get(type=EventType.FORWARDED).parameters["to_step"]
        response = self.page(dossier)
        self.assertContains(response, f"Hồ sơ được chuyển đến bước «{step}»")
        self.assertNotContains(response, "Chuyển bước")

    def test_a_counter_dossier_was_lodged_at_the_one_stop_desk(self):
        dossier = create_counter_dossier(self.version, self.office, applicant=self.citizen)
        response = self.page(dossier)
        self.assertContains(response, "Hồ sơ đã được nộp trực tiếp tại Bộ phận Một cửa")
        self.assertNotContains(response, "Hồ sơ đã được nộp trực tuyến")

    def test_a_counter_submission_names_the_applicant_not_the_officer(self):
        dossier = create_counter_dossier(self.version, self.office, applicant=self.citizen)
        entries = self.page(dossier).context["timeline"]
        self.assertEqual(entries[0].actor_name, dossier.applicant_name)

    def test_an_online_submission_says_online(self):
        dossier = create_received_dossier(self.version, self.office, applicant=self.citizen)
        response = self.page(dossier)
        self.assertContains(response, "Hồ sơ đã được nộp trực tuyến")
        self.assertContains(response, "Hồ sơ đã được tiếp nhận")

    def test_it_is_in_english_when_english_is_chosen(self):
        dossier = create_received_dossier(self.version, self.office, applicant=self.citizen)
        self.client.force_login(self.citizen)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("portal:dossier", args=[dossier.code]))
        self.assertContains(response, "The application was received")


class LookupTimelineTestCase(PortalTestCase):
    def test_the_lookup_uses_the_citizen_wording(self):
        dossier = create_counter_dossier(self.version, self.office, applicant_phone="0912345678")
        response = self.client.post(
            reverse("portal:lookup"), {"code": dossier.code, "suffix": "5678"}
        )
        self.assertContains(response, "Hồ sơ đã được nộp trực tiếp tại Bộ phận Một cửa")
        self.assertNotContains(response, "— Nộp hồ sơ</li>")

    def test_the_lookup_words_the_reception(self):
        dossier = create_received_dossier(self.version, self.office, applicant_phone="0912345678")
        response = self.client.post(
            reverse("portal:lookup"), {"code": dossier.code, "suffix": "5678"}
        )
        self.assertContains(response, "— Hồ sơ đã được tiếp nhận</li>")

    def test_the_lookup_does_not_name_the_offices_internal_steps(self):
        dossier = create_received_dossier(self.version, self.office, applicant_phone="0912345678")
        forward(dossier, actor=person(self.office.specialist))
        step = dossier.events.get(type=EventType.FORWARDED).parameters["to_step"]
        response = self.client.post(
            reverse("portal:lookup"), {"code": dossier.code, "suffix": "5678"}
        )
        labels = [label for label, _at in response.context["result"].timeline]
        self.assertIn("Hồ sơ đang được giải quyết", labels)
        self.assertFalse([label for label in labels if step in label])
