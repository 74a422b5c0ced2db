from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from dossiers.models import DossierEvent
from dossiers.testing import (
    Office,
    create_dossier,
    create_dossier_at_last_step,
    create_procedure,
    create_received_dossier,
)


def verify() -> str:
    out = StringIO()
    call_command("dossiers", "verify-chain", stdout=out, stderr=out)
    return out.getvalue()


class EventChainTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()
        self.dossier = create_dossier_at_last_step(create_procedure(), self.office)

    def test_an_untouched_history_verifies(self) -> None:
        self.assertIn("toàn vẹn", verify())

    def test_each_event_links_to_the_one_before(self) -> None:
        events = list(self.dossier.events.order_by("seq"))
        self.assertEqual([e.seq for e in events], [1, 2, 3])
        self.assertEqual(events[1].prev_hash, events[0].hash)
        self.assertEqual(events[2].prev_hash, events[1].hash)

    def test_an_event_edited_in_the_database_is_detected(self) -> None:
        DossierEvent.objects.filter(dossier=self.dossier, seq=2).update(reason="sửa lén")
        with self.assertRaisesMessage(CommandError, "bị phá vỡ"):
            verify()

    def test_a_deleted_last_event_is_detected(self) -> None:
        DossierEvent.objects.filter(dossier=self.dossier, seq=3)._raw_delete("default")
        with self.assertRaises(CommandError):
            verify()

    def test_a_rehashed_forgery_breaks_the_next_link(self) -> None:
        event = DossierEvent.objects.get(dossier=self.dossier, seq=2)
        event.reason = "giả mạo"
        DossierEvent.objects.filter(pk=event.pk).update(
            reason=event.reason, hash=event.compute_hash()
        )
        with self.assertRaises(CommandError):
            verify()

    def test_events_cannot_be_changed_through_the_model(self) -> None:
        event = self.dossier.events.first()
        assert event is not None
        with self.assertRaises(ValueError):
            event.save()
        with self.assertRaises(ValueError):
            event.delete()


class EventChainTimeZoneTestCase(TestCase):
    def test_an_event_written_in_vietnam_time_verifies_after_reading_back(self) -> None:
        from datetime import datetime

        from core import clock
        from workdays.calendar import TZ

        office = Office.create()
        with clock.at(datetime(2026, 6, 1, 9, 0, tzinfo=TZ)):
            dossier = create_dossier(create_procedure(), office)
        self.assertEqual(dossier.events.get().at, datetime(2026, 6, 1, 9, 0, tzinfo=TZ))
        self.assertIn("toàn vẹn", verify())


class ChainCoverageTestCase(TestCase):
    def setUp(self) -> None:
        self.office = Office.create()
        self.dossier = create_received_dossier(create_procedure(), self.office)

    def test_a_changed_actor_name_is_detected(self) -> None:
        DossierEvent.objects.filter(dossier=self.dossier, seq=2).update(actor_name="Người khác")
        with self.assertRaises(CommandError):
            verify()

    def test_a_status_set_outside_the_actions_is_detected(self) -> None:
        from dossiers.models import Dossier

        Dossier.objects.filter(pk=self.dossier.pk).update(status="returned")
        with self.assertRaisesMessage(CommandError, "bị phá vỡ"):
            verify()

    def test_an_issued_slip_cannot_be_changed(self) -> None:
        slip = self.dossier.slips.get()
        with self.assertRaises(ValueError):
            slip.save()
