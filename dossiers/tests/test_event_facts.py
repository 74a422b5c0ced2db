"""What reads an event's facts reads its typed columns, never the words of its parameters:
the late list, who a delay belongs to, the control slip."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse

from accounts.models import Role, User
from catalog.models import ProcedureVersion
from core.testing import create_officer
from dossiers import actions
from dossiers.actors import person
from dossiers.models import Dossier, EventType
from dossiers.testing import Office, create_dossier, create_procedure
from workdays.calendar import TZ

MONDAY_9H = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # due Thursday 17:00; step 1 Wednesday 17:00
THURSDAY_16H50 = datetime(2026, 6, 4, 16, 50, tzinfo=TZ)
THURSDAY_17H05 = datetime(2026, 6, 4, 17, 5, tzinfo=TZ)
FRIDAY_9H = datetime(2026, 6, 5, 9, 0, tzinfo=TZ)


class FactReadersTestCase(TestCase):
    office: Office
    version: ProcedureVersion
    inspector: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        cls.version = create_procedure(days=3)
        cls.inspector = create_officer(cls.office.unit, roles=(Role.INSPECTOR,))

    def received(self) -> Dossier:
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_dossier(self.version, self.office)
            dossier = actions.accept_dossier(dossier, actor=person(self.office.desk))
            return actions.assign(
                dossier, actor=person(self.office.leader), assignee=self.office.specialist
            )

    def overdue(self) -> Dossier:
        dossier = self.received()
        with time_machine.travel(FRIDAY_9H, tick=False):
            actions.scan_deadlines()
        return dossier

    def forwarded_late(self) -> Dossier:
        dossier = self.received()
        with time_machine.travel(THURSDAY_16H50, tick=False):
            return actions.forward(dossier, actor=person(self.office.specialist))

    def late_list(self) -> str:
        self.client.force_login(self.inspector)
        return self.client.get(reverse("backoffice:violations")).content.decode()

    def test_the_late_list_shows_an_overdue_dossier_and_who_held_it(self) -> None:
        dossier = self.overdue()
        page = self.late_list()
        self.assertIn(dossier.code, page)
        self.assertIn(self.office.specialist.full_name, page)

    def test_the_late_list_reads_the_late_column(self) -> None:
        dossier = self.overdue()
        # The parameters still say it was overdue; the column no longer does.
        dossier.events.filter(type=EventType.OVERDUE).update(late=False)
        self.assertNotIn(dossier.code, self.late_list())

    def test_the_late_list_names_the_holder_from_the_columns(self) -> None:
        dossier = self.overdue()
        leader = self.office.leader
        dossier.events.filter(type=EventType.OVERDUE).update(attributed_officer=leader)
        page = self.late_list()
        self.assertIn(leader.full_name, page)
        self.assertNotIn(self.office.specialist.full_name, page)

    def test_the_late_list_shows_a_step_left_after_its_due_date(self) -> None:
        dossier = self.forwarded_late()
        page = self.late_list()
        self.assertIn(dossier.code, page)
        self.assertIn("bước quá hạn", page)

    def test_the_delay_goes_to_the_step_recorded_as_overrun(self) -> None:
        dossier = self.forwarded_late()
        with time_machine.travel(THURSDAY_17H05, tick=False):
            actions.scan_deadlines()
        overdue = dossier.events.get(type=EventType.OVERDUE)
        forwarded = dossier.events.get(type=EventType.FORWARDED)
        self.assertEqual(overdue.attributed_step_id, forwarded.step_id)
        self.assertEqual(overdue.attributed_officer_id, self.office.specialist.pk)

    def test_who_the_delay_belongs_to_is_read_from_the_step_overdue_column(self) -> None:
        dossier = self.forwarded_late()
        # The forward's parameters still say its step overran; the column no longer does, so
        # the delay is the leader's, who holds the dossier now.
        dossier.events.filter(type=EventType.FORWARDED).update(step_overdue=False)
        with time_machine.travel(THURSDAY_17H05, tick=False):
            actions.scan_deadlines()
        overdue = dossier.events.get(type=EventType.OVERDUE)
        self.assertEqual(overdue.attributed_step_id, overdue.step_id)
        self.assertIsNone(overdue.attributed_officer_id)


class ControlSlipLatenessTestCase(TestCase):
    office: Office
    dossier: Dossier

    @classmethod
    def setUpTestData(cls) -> None:
        cls.office = Office.create()
        with time_machine.travel(MONDAY_9H, tick=False):
            dossier = create_dossier(create_procedure(days=3), cls.office)
            dossier = actions.accept_dossier(dossier, actor=person(cls.office.desk))
        with time_machine.travel(THURSDAY_16H50, tick=False):
            cls.dossier = actions.forward(dossier, actor=person(cls.office.specialist))

    def control_slip(self) -> str:
        from documents.tests.test_slips import text_of, words

        self.client.force_login(self.office.desk)
        url = reverse("backoffice:control_slip", args=[self.dossier.code])
        return words(text_of(self.client.get(url).content))

    def test_the_control_slip_flags_a_step_left_after_its_due_date(self) -> None:
        self.assertIn("(quá hạn bước)", self.control_slip())

    def test_the_control_slip_reads_the_step_overdue_column(self) -> None:
        self.dossier.events.filter(type=EventType.FORWARDED).update(step_overdue=False)
        self.assertNotIn("(quá hạn bước)", self.control_slip())
