"""provide_supplement: the applicant (online) or the desk (at the counter) hands in what was
requested; the clock resumes and the due date moves on by the office time it was paused."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from accounts.models import Role
from catalog.models import Component
from core.testing import create_citizen
from documents.testing import image_bytes
from dossiers.actions import DossierError, provide_supplement
from dossiers.actors import person
from dossiers.models import DossierComponent, EventType, Status
from dossiers.testing import (
    ActionTestCase,
    applicant_of,
    attachment,
    create_received_dossier,
    create_supplement_requested_dossier,
)
from dossiers.workflow import IllegalTransition
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 4 June 17:00
WEDNESDAY_10H = datetime(2026, 6, 3, 10, 0, tzinfo=TZ)


class ProvideSupplementTestCase(ActionTestCase):
    form: Component

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.form = cls.version.components.get(position=1)

    def test_processing_resumes_with_the_due_date_moved_by_the_pause(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_supplement_requested_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        with time_machine.travel(WEDNESDAY_10H, tick=False):
            dossier = provide_supplement(
                dossier, actor=person(applicant), files={self.form.pk: attachment()}
            )
        self.assertEqual((dossier.status, dossier.paused_at), (Status.IN_PROGRESS, None))
        # 17 office hours paused (Monday from 09:00, Tuesday, Wednesday to 10:00): Thursday
        # 17:00 becomes Tuesday 09:00, and the step's Wednesday 17:00 becomes Monday 09:00.
        self.assertEqual(dossier.due_at, datetime(2026, 6, 9, 9, 0, tzinfo=TZ))
        self.assertEqual(dossier.step_due_at, datetime(2026, 6, 8, 9, 0, tzinfo=TZ))

    def test_at_reception_the_dossier_waits_for_the_desk_again(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office, at_reception=True)
        applicant = applicant_of(dossier)
        dossier = provide_supplement(
            dossier, actor=person(applicant), files={self.form.pk: attachment()}
        )
        self.assertEqual((dossier.status, dossier.due_at), (Status.SUBMITTED, None))

    def test_the_requested_component_holds_the_new_file(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        provide_supplement(
            dossier, actor=person(applicant), files={self.form.pk: attachment("to-khai-ky.pdf")}
        )
        item = dossier.components.get(component=self.form)
        self.assertEqual(
            (item.state, item.source, item.original_name),
            (DossierComponent.State.PROVIDED, "supplement", "to-khai-ky.pdf"),
        )

    def test_it_writes_one_event_with_the_time_paused(self) -> None:
        with time_machine.travel(MONDAY_9H, tick=False):
            asked = create_supplement_requested_dossier(self.version, self.office)
        applicant = applicant_of(asked)
        with time_machine.travel(WEDNESDAY_10H, tick=False):
            dossier = provide_supplement(
                asked, actor=person(applicant), files={self.form.pk: attachment()}, note="Đã ký"
            )
        event = self.new_event(dossier, asked.event_count)
        self.assertEvent(
            event, EventType.SUPPLEMENT_PROVIDED, Status.SUPPLEMENT_IN_PROCESS, Status.IN_PROGRESS
        )
        self.assertEqual((event.actor, event.actor_role, event.reason), (applicant, "", "Đã ký"))
        self.assertEqual(
            (event.parameters["components"], event.parameters["paused_working_hours"]),
            ([self.form.pk], 17.0),
        )
        self.assertEqual(
            datetime.fromisoformat(event.parameters["due_at"]),
            datetime(2026, 6, 9, 9, 0, tzinfo=TZ),
        )

    def test_the_desk_hands_in_papers_brought_to_the_counter(self) -> None:
        asked = create_supplement_requested_dossier(self.version, self.office)
        dossier = provide_supplement(
            asked, actor=person(self.office.desk), files={self.form.pk: attachment()}
        )
        event = self.new_event(dossier, asked.event_count)
        self.assertEqual(
            (event.actor, event.actor_role, event.actor_unit),
            (self.office.desk, Role.FRONT_DESK, self.office.unit),
        )

    def test_another_citizen_may_not_hand_in(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        stranger = create_citizen()
        with self.assertWritesNothing(dossier, PermissionDenied):
            provide_supplement(dossier, actor=person(stranger), files={self.form.pk: attachment()})

    def test_the_specialist_may_not_hand_in(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        with self.assertWritesNothing(dossier, PermissionDenied):
            provide_supplement(
                dossier, actor=person(self.office.specialist), files={self.form.pk: attachment()}
            )

    def test_nothing_can_be_handed_in_when_nothing_was_asked(self) -> None:
        dossier = create_received_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        with self.assertWritesNothing(dossier, IllegalTransition):
            provide_supplement(dossier, actor=person(applicant), files={self.form.pk: attachment()})

    def test_every_requested_paper_and_no_other_is_needed(self) -> None:
        dossier = create_supplement_requested_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        residence = self.version.components.get(position=2)
        with self.assertWritesNothing(dossier, DossierError):
            provide_supplement(dossier, actor=person(applicant), files={residence.pk: attachment()})

    def test_a_file_of_a_refused_type_is_refused(self) -> None:
        Component.objects.filter(pk=self.form.pk).update(accepted_file_types=["pdf"])
        dossier = create_supplement_requested_dossier(self.version, self.office)
        applicant = applicant_of(dossier)
        photo = ContentFile(image_bytes("PNG"), name="to-khai.png")
        with self.assertWritesNothing(dossier, DossierError):
            provide_supplement(dossier, actor=person(applicant), files={self.form.pk: photo})
