"""Register numbers of results: per deciding body, per register, per year, from 1, without
gaps under concurrency; a dossier keeps the number it was given."""

from __future__ import annotations

import threading
import unittest
from datetime import datetime

from django.db import close_old_connections, connection
from django.test import TestCase, TransactionTestCase

from catalog.models import ProcedureVersion
from dossiers.models import Dossier, RegisterEntry
from dossiers.registers import reserve_number
from dossiers.testing import Commune, create_procedure
from units.models import GovernmentUnit
from workdays.calendar import TZ

JUNE_2026 = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
# 00:30 on 1 January in Hà Nội is still 31 December in UTC: the year is the local one.
NEW_YEAR_2027 = datetime(2027, 1, 1, 0, 30, tzinfo=TZ)


class RegisterNumberTestCase(TestCase):
    commune: Commune
    version: ProcedureVersion

    @classmethod
    def setUpTestData(cls) -> None:
        cls.commune = Commune.create()
        cls.version = create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))

    def reserve(
        self, body: GovernmentUnit | None = None, register: str = "KS", at: datetime = JUNE_2026
    ) -> RegisterEntry:
        dossier = self.commune.lodge(self.version)
        return reserve_number(
            dossier, body=body or self.commune.committee, register_code=register, at=at
        )

    def test_numbers_follow_each_other_in_a_register(self) -> None:
        self.assertEqual([self.reserve().number for _ in range(3)], [1, 2, 3])

    def test_the_reference_is_number_year_and_register(self) -> None:
        self.assertEqual(self.reserve(register="CT-BS").reference, "1/2026/CT-BS")

    def test_each_register_of_a_body_has_its_own_sequence(self) -> None:
        self.reserve(register="KS")
        self.assertEqual(self.reserve(register="KH").number, 1)

    def test_two_bodies_number_independently(self) -> None:
        self.reserve(body=self.commune.committee)
        self.assertEqual(self.reserve(body=self.commune.police).number, 1)

    def test_a_new_year_starts_again_at_one(self) -> None:
        self.reserve()
        self.reserve()
        entry = self.reserve(at=NEW_YEAR_2027)
        self.assertEqual((entry.year, entry.number), (2027, 1))

    def test_a_dossier_reserving_again_keeps_its_number(self) -> None:
        dossier = self.commune.lodge(self.version)
        first = reserve_number(
            dossier, body=self.commune.committee, register_code="KS", at=JUNE_2026
        )
        again = reserve_number(
            dossier, body=self.commune.committee, register_code="KS", at=NEW_YEAR_2027
        )
        self.assertEqual((again.pk, again.reference), (first.pk, "1/2026/KS"))
        self.assertEqual(self.reserve().number, 2)  # the retry took no number


@unittest.skipUnless(connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
class ConcurrentRegisterNumberTestCase(TransactionTestCase):
    def run_together(self, dossiers: list[Dossier], body: GovernmentUnit) -> list[BaseException]:
        barrier = threading.Barrier(len(dossiers))
        errors: list[BaseException] = []

        def reserve(dossier: Dossier) -> None:
            try:
                barrier.wait(timeout=30)
                reserve_number(dossier, body=body, register_code="KS", at=JUNE_2026)
            except BaseException as exc:
                errors.append(exc)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=reserve, args=(d,)) for d in dossiers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return errors

    def test_twenty_simultaneous_reservations_get_twenty_consecutive_numbers(self) -> None:
        commune = Commune.create()
        version = create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))
        dossiers = [commune.lodge(version) for _ in range(20)]
        self.assertEqual(self.run_together(dossiers, commune.committee), [])
        numbers = sorted(RegisterEntry.objects.values_list("number", flat=True))
        self.assertEqual(numbers, list(range(1, 21)))

    def test_one_dossier_reserving_twice_at_once_gets_one_number(self) -> None:
        commune = Commune.create()
        version = create_procedure(kinds=(GovernmentUnit.Kind.COMMUNE_COMMITTEE,))
        dossier = commune.lodge(version)
        self.assertEqual(self.run_together([dossier] * 4, commune.committee), [])
        self.assertEqual(list(RegisterEntry.objects.values_list("number", flat=True)), [1])
        # The losers gave their numbers back: the next dossier is number 2.
        entry = reserve_number(
            commune.lodge(version), body=commune.committee, register_code="KS", at=JUNE_2026
        )
        self.assertEqual(entry.number, 2)
