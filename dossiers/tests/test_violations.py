"""queries.violations: the late events and refused attempts an officer may see, newest first,
a page at a time by keyset (no OFFSET, no COUNT)."""

from __future__ import annotations

from accounts.models import Role
from core.testing import create_officer, create_unit
from dossiers.models import EventType
from dossiers.queries import Cursor, violations
from dossiers.testing import ActionTestCase, Office, create_overdue_dossier


class ViolationsTestCase(ActionTestCase):
    def test_pages_follow_each_other_newest_first(self) -> None:
        codes = [create_overdue_dossier(self.version, self.office).code for _ in range(3)]
        first = violations(self.office.leader, size=2)
        self.assertIsNotNone(first.next)
        assert first.next is not None
        again = Cursor.parse(str(first.next))  # as the "Cũ hơn" link carries it
        second = violations(self.office.leader, after=again, size=2)
        self.assertIsNone(second.next)
        shown = [e.dossier.code for e in first.events + second.events]
        self.assertEqual(shown, codes[::-1])
        self.assertTrue(all(e.type == EventType.OVERDUE for e in first.events + second.events))

    def test_an_officer_sees_only_their_units(self) -> None:
        create_overdue_dossier(self.version, self.office)
        elsewhere = Office.create()
        self.assertEqual(violations(elsewhere.leader).events, [])

    def test_an_inspector_sees_the_units_below(self) -> None:
        city = create_unit()
        office = Office.create(parent=city)
        inspector = create_officer(city, roles=(Role.INSPECTOR,))
        code = create_overdue_dossier(self.version, office).code
        create_overdue_dossier(self.version, self.office)  # not under the city
        self.assertEqual([e.dossier.code for e in violations(inspector).events], [code])

    def test_a_cursor_that_is_not_one_is_none(self) -> None:
        for text in ("", "abc", "2026-06-01T09:00:00_x", "2026-06-01T09:00:00_12"):
            self.assertIsNone(Cursor.parse(text), text)
        self.assertIsNotNone(Cursor.parse("2026-06-01T09:00:00+07:00_12"))
