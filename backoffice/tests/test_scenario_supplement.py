from __future__ import annotations

from datetime import datetime

import time_machine
from django.urls import reverse

from backoffice.tests.scenario import ScenarioTestCase
from dossiers.actions import provide_supplement
from dossiers.actors import person
from dossiers.models import EventType, Status
from dossiers.testing import attachment, create_procedure, create_received_dossier
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


class SupplementTestCase(ScenarioTestCase):
    """One supplement request, everything at once; the clock pauses and resumes."""

    def start(self):
        return create_received_dossier(self.version, self.office)

    def component(self, dossier, index: int = 0) -> int:
        return list(dossier.components.values_list("component_id", flat=True))[index]

    def test_a_request_during_processing_pauses_the_clock(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = self.start()
            self.assertEqual(dossier.due_at, datetime(2026, 6, 4, 17, 0, tzinfo=TZ))
            self.act(
                self.office.specialist,
                dossier,
                "request_supplement",
                components=[self.component(dossier)],
                reason="Bản chụp bị mờ",
            )
        dossier = self.reload(dossier)
        self.assertEqual(dossier.status, Status.SUPPLEMENT_IN_PROCESS)
        self.assertIsNotNone(dossier.paused_at)

    def test_the_due_date_moves_by_the_working_days_waited(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = self.start()
            self.act(
                self.office.specialist,
                dossier,
                "request_supplement",
                components=[self.component(dossier)],
                reason="Bản chụp bị mờ",
            )
        # The applicant answers on Wednesday at 10:00: 17 office hours did not count (Monday
        # from 09:00, Tuesday, Wednesday until 10:00), so Thursday 17:00 becomes Tuesday 09:00.
        with time_machine.travel(datetime(2026, 6, 3, 10, 0, tzinfo=TZ), tick=False):
            provide_supplement(
                dossier,
                actor=person(dossier.applicant),
                files={self.component(dossier): attachment()},
            )
        dossier = self.reload(dossier)
        self.assertEqual(dossier.status, Status.IN_PROGRESS)
        self.assertEqual(dossier.paused_working_days, 2)
        self.assertEqual(dossier.due_at, datetime(2026, 6, 9, 9, 0, tzinfo=TZ))

    def test_a_second_request_is_refused_and_recorded(self) -> None:
        dossier = self.start()
        component = self.component(dossier)
        self.act(
            self.office.specialist,
            dossier,
            "request_supplement",
            components=[component],
            reason="Mờ",
        )
        provide_supplement(
            dossier, actor=person(dossier.applicant), files={component: attachment()}
        )
        messages = self.act(
            self.office.specialist,
            dossier,
            "request_supplement",
            components=[component],
            reason="Lần hai",
        )
        self.assertIn("một lần", messages[0])
        dossier = self.reload(dossier)
        self.assertEqual(dossier.status, Status.IN_PROGRESS)
        refused = dossier.events.get(type=EventType.RULE_REFUSED)
        self.assertEqual(refused.parameters["attempted"], "second_supplement_request")
        self.assertEqual(refused.actor, self.office.specialist)

    def test_a_document_the_state_holds_cannot_be_requested(self) -> None:
        form, residence = self.version.components.order_by("position")
        dossier = self.submit(
            files={form.pk: attachment()}, from_data={residence.pk: "population_registry"}
        )
        held = dossier.components.get(component=residence)
        messages = self.act(
            self.office.desk,
            dossier,
            "request_supplement",
            components=[held.component_id],
            reason="Nộp bản giấy",
        )
        self.assertIn("đã có trong cơ sở dữ liệu", messages[0])
        event = self.reload(dossier).events.get(type=EventType.RULE_REFUSED)
        self.assertEqual(event.parameters["attempted"], "document_already_held")

    def test_the_form_offers_only_the_legal_list(self) -> None:
        dossier = self.submit()
        outside = create_procedure().components.first()
        assert outside is not None
        self.client.force_login(self.office.desk)
        url = reverse("backoffice:action", args=[dossier.code, "request_supplement"])
        response = self.client.post(url, {"components": [outside.pk], "reason": "x"})
        self.assertContains(response, 'id="request_supplement-components-error"', status_code=400)
        self.assertEqual(self.reload(dossier).supplement_count, 0)

    def test_a_request_at_reception_keeps_the_clock_stopped(self) -> None:
        dossier = self.submit()
        self.act(
            self.office.desk,
            dossier,
            "request_supplement",
            components=[self.component(dossier)],
            reason="Thiếu",
        )
        dossier = self.reload(dossier)
        self.assertEqual(dossier.status, Status.SUPPLEMENT_AT_RECEPTION)
        self.assertIsNone(dossier.received_at)
        self.assertEqual(dossier.slips.get().kind, "supplement")
