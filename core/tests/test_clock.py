from __future__ import annotations

from datetime import UTC, date, datetime

from django.test import SimpleTestCase

from core import clock


class ClockTestCase(SimpleTestCase):
    def test_today_is_the_date_in_vietnam(self) -> None:
        # 17:30 UTC on 31 December is 00:30 on 1 January in Hà Nội (UTC+7).
        with clock.at(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)):
            self.assertEqual(clock.today(), date(2027, 1, 1))

    def test_a_naive_moment_is_refused(self) -> None:
        with self.assertRaises(ValueError), clock.at(datetime(2026, 1, 1)):  # noqa: DTZ001
            pass
