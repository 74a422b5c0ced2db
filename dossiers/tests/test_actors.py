"""Actors beyond officers: every event says which kind of actor wrote it, systems do only what
the permission table lets them, and the kind is part of the hashed history."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.test import TestCase

from core.testing import create_citizen
from dossiers import actions
from dossiers.actors import SCHEDULER, ActorKind, integration, person
from dossiers.errors import NotPermitted
from dossiers.events import verify_dossier
from dossiers.models import DeadlineState, Dossier, DossierEvent, EventType
from dossiers.testing import Office, attachment, create_dossier, create_procedure
from workdays.calendar import TZ


def kinds(dossier: Dossier) -> list[str]:
    return list(dossier.events.order_by("seq").values_list("actor_kind", flat=True))


class ActorKindTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()
        self.version = create_procedure()

    def test_the_applicant_and_the_desk_are_recorded_as_such(self) -> None:
        dossier = create_dossier(self.version, self.office)
        actions.accept_dossier(dossier, actor=person(self.office.desk))
        self.assertEqual(kinds(dossier), [ActorKind.APPLICANT, ActorKind.OFFICER])

    def test_a_digital_helper_lodging_for_someone_is_recorded_as_a_helper(self) -> None:
        helper = create_citizen(is_digital_team=True)
        dossier = create_dossier(
            self.version,
            self.office,
            created_by=helper,
            applicant=None,
            assisted_by=helper,
            consent_method="Ký phiếu đồng ý",
        )
        self.assertEqual(kinds(dossier), [ActorKind.HELPER])

    def test_the_national_portal_can_lodge_a_dossier_without_a_user(self) -> None:
        portal = integration("national_portal")
        dossier = create_dossier(self.version, self.office, actor=portal)
        event = dossier.events.get()
        self.assertEqual(
            (dossier.created_by_id, event.actor_kind, event.actor_name),
            (None, ActorKind.INTEGRATION, "Cổng Dịch vụ công quốc gia"),
        )

    def test_an_integration_cannot_do_an_officers_work(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertRaises(NotPermitted):
            actions.accept_dossier(dossier, actor=integration("national_portal"))
        self.assertEqual(dossier.events.count(), 1)

    def test_the_payment_gateway_cannot_withdraw_a_dossier(self) -> None:
        dossier = create_dossier(self.version, self.office)
        with self.assertRaises(NotPermitted) as refused:
            actions.request_withdrawal(dossier, actor=integration("payment_gateway"))
        self.assertEqual(refused.exception.code, "permission.not_for_integration")

    def test_the_national_portal_relays_a_withdrawal(self) -> None:
        dossier = create_dossier(self.version, self.office)
        actions.request_withdrawal(dossier, actor=integration("national_portal"), reason="Rút")
        self.assertEqual(kinds(dossier)[-1], ActorKind.INTEGRATION)

    def test_the_scheduler_marks_deadlines_as_the_system(self) -> None:
        with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=TZ), tick=False):
            dossier = create_dossier(self.version, self.office)
            actions.accept_dossier(dossier, actor=person(self.office.desk))
        with time_machine.travel(datetime(2026, 7, 1, 9, 0, tzinfo=TZ), tick=False):
            actions.scan_deadlines()
        overdue = dossier.events.get(type=EventType.OVERDUE)
        self.assertEqual((overdue.actor_kind, overdue.actor_id), (ActorKind.SYSTEM, None))

    def test_a_person_cannot_mark_a_deadline(self) -> None:
        dossier = create_dossier(self.version, self.office)
        actions.accept_dossier(dossier, actor=person(self.office.desk))
        with self.assertRaises(NotPermitted):
            actions.mark_deadline(dossier, DeadlineState.OVERDUE, actor=person(self.office.leader))
        self.assertEqual(SCHEDULER.kind, ActorKind.SYSTEM)

    def test_the_applicant_supplying_a_document_is_recorded_as_the_applicant(self) -> None:
        dossier = create_dossier(self.version, self.office)
        component = dossier.components.first().component_id
        actions.request_supplement(
            dossier, actor=person(self.office.desk), component_ids=[component], reason="Mờ"
        )
        assert dossier.applicant is not None
        actions.provide_supplement(
            dossier, actor=person(dossier.applicant), files={component: attachment()}
        )
        self.assertEqual(kinds(dossier)[-1], ActorKind.APPLICANT)


class ActorKindInTheChainTestCase(TestCase):
    def test_changing_the_recorded_kind_breaks_the_chain(self) -> None:
        dossier = create_dossier(create_procedure(), Office.create())
        DossierEvent.objects.filter(dossier=dossier).update(actor_kind=ActorKind.OFFICER)
        dossier.refresh_from_db()
        problems = list(
            verify_dossier(
                dossier.code,
                dossier.event_count,
                dossier.last_event_hash,
                list(dossier.events.order_by("seq")),
            )
        )
        self.assertTrue(problems)

    def test_an_event_from_before_actor_kinds_keeps_its_hash(self) -> None:
        dossier = create_dossier(create_procedure(), Office.create())
        event = dossier.events.get()
        with_kind = event.compute_hash()
        event.actor_kind = ""
        self.assertNotEqual(event.compute_hash(), with_kind)
        self.assertEqual(event.hash, with_kind)
