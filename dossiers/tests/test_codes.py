from __future__ import annotations

import re
import threading
import unittest
from datetime import date

from django.db import close_old_connections, connection
from django.test import TestCase, TransactionTestCase

from core.testing import create_unit
from dossiers.codes import next_code
from dossiers.models import Dossier
from dossiers.testing import Office, create_dossier, create_procedure

CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z]\d{2}-\d{6}-\d{4}$")


class DossierCodeTestCase(TestCase):
    def test_a_code_names_the_unit_the_day_and_a_number(self) -> None:
        unit = create_unit(code="000.00.70.H26")
        self.assertEqual(next_code(unit, date(2026, 11, 21)), "000.00.70.H26-261121-0001")

    def test_numbers_follow_each_other_within_a_day(self) -> None:
        unit = create_unit()
        codes = [next_code(unit, date(2026, 11, 21)) for _ in range(3)]
        self.assertEqual([c[-4:] for c in codes], ["0001", "0002", "0003"])

    def test_each_day_starts_again_at_one(self) -> None:
        unit = create_unit()
        next_code(unit, date(2026, 11, 21))
        self.assertTrue(next_code(unit, date(2026, 11, 23)).endswith("-261123-0001"))

    def test_each_unit_has_its_own_sequence(self) -> None:
        first, second = create_unit(), create_unit()
        next_code(first, date(2026, 11, 21))
        self.assertTrue(next_code(second, date(2026, 11, 21)).endswith("-0001"))

    def test_a_submitted_dossier_gets_a_well_formed_code(self) -> None:
        office = Office.create()
        self.assertRegex(create_dossier(create_procedure(), office).code, CODE_RE)


@unittest.skipUnless(connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
class ConcurrentCodesTestCase(TransactionTestCase):
    def test_fifty_simultaneous_submissions_get_fifty_consecutive_codes(self) -> None:
        office = Office.create()
        version = create_procedure()
        barrier = threading.Barrier(50)
        errors: list[BaseException] = []

        def submit() -> None:
            try:
                barrier.wait(timeout=30)
                create_dossier(version, office)
            except BaseException as exc:
                errors.append(exc)
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=submit) for _ in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(errors, [])
        numbers = sorted(int(code[-4:]) for code in Dossier.objects.values_list("code", flat=True))
        self.assertEqual(numbers, list(range(1, 51)))
