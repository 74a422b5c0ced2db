from __future__ import annotations

from datetime import date, datetime

from django.test import TestCase

from catalog.models import Procedure, ProcedureVersion
from core import clock
from core.testing import create_version
from workdays.calendar import TZ


class VersionInForceTestCase(TestCase):
    def setUp(self) -> None:
        self.procedure = Procedure.objects.create(code="1.000001")
        self.first = create_version(
            self.procedure,
            version=1,
            effective_from=date(2025, 7, 1),
            effective_to=date(2026, 12, 31),
        )
        self.second = create_version(self.procedure, version=2, effective_from=date(2027, 1, 1))

    def test_it_picks_the_version_in_force_on_a_day(self) -> None:
        self.assertEqual(self.procedure.version_at(date(2026, 12, 31)), self.first)
        self.assertEqual(self.procedure.version_at(date(2027, 1, 1)), self.second)

    def test_in_force_follows_the_domain_clock(self) -> None:
        with clock.at(datetime(2027, 1, 1, 0, 30, tzinfo=TZ)):  # 1 January in Vietnam
            self.assertEqual(ProcedureVersion.objects.in_force().get(), self.second)

    def test_nothing_is_in_force_before_the_first_version(self) -> None:
        self.assertIsNone(self.procedure.version_at(date(2025, 6, 30)))

    def test_a_draft_is_never_in_force(self) -> None:
        create_version(
            self.procedure,
            version=3,
            status=ProcedureVersion.Status.DRAFT,
            effective_from=date(2025, 1, 1),
        )
        self.assertEqual(self.procedure.version_at(date(2026, 1, 1)), self.first)

    def test_it_knows_the_time_limit_of_a_version(self) -> None:
        self.assertEqual(str(self.first.time_limit), "3 ngày làm việc")
