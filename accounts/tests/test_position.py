"""An officer's position (chức vụ) in a unit, as their signature block prints it."""

from __future__ import annotations

import unicodedata

from django.test import TestCase

from accounts.models import Membership, Role
from accounts.roles import Position, position
from core.testing import create_officer, create_unit


class PositionTestCase(TestCase):
    def test_it_is_read_from_the_leader_role_in_the_unit(self) -> None:
        unit = create_unit()
        officer = create_officer(unit, roles=(Role.UNIT_ADMIN, Role.LEADER))
        Membership.objects.filter(user=officer, role=Role.UNIT_ADMIN).update(title="Quản trị")
        Membership.objects.filter(user=officer, role=Role.LEADER).update(
            title="Chủ tịch", is_head=True
        )
        self.assertEqual(position(officer, unit), Position("Chủ tịch", True))

    def test_a_role_in_another_unit_gives_no_position_here(self) -> None:
        unit, elsewhere = create_unit(), create_unit()
        officer = create_officer(elsewhere, roles=(Role.LEADER,))
        Membership.objects.filter(user=officer).update(title="Phó Chủ tịch")
        self.assertEqual(position(officer, unit), Position())

    def test_an_inactive_role_gives_no_position(self) -> None:
        unit = create_unit()
        officer = create_officer(unit, roles=(Role.LEADER,))
        Membership.objects.filter(user=officer).update(title="Phó Chủ tịch", is_active=False)
        self.assertEqual(position(officer, unit), Position())

    def test_the_title_is_stored_in_nfc_without_stray_spaces(self) -> None:
        unit = create_unit()
        officer = create_officer()
        member = Membership.objects.create(
            user=officer,
            unit=unit,
            role=Role.LEADER,
            title="  " + unicodedata.normalize("NFD", "Phó  Chủ tịch"),
        )
        member.refresh_from_db()
        self.assertEqual(member.title, "Phó Chủ tịch")
