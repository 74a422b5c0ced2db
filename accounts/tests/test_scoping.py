from __future__ import annotations

from accounts.models import Membership, Role, User
from accounts.scoping import administered_paths, administered_units, is_province_admin
from core.testing import UnitTreeTestCase, create_officer, create_unit
from units.models import GovernmentUnit


class ScopingTestCase(UnitTreeTestCase):
    """Who administers what: a unit admin covers the subtree of each unit they administer."""

    other_city: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_city = create_unit()

    def test_administered_paths_are_those_of_the_admin_units(self) -> None:
        admin = create_officer(self.centre, roles=(Role.UNIT_ADMIN, Role.LEADER))
        Membership.objects.create(user=admin, unit=self.other_city, role=Role.UNIT_ADMIN)
        self.assertEqual(
            sorted(administered_paths(admin)), sorted([self.centre.path, self.other_city.path])
        )

    def test_administered_units_cover_the_subtree(self) -> None:
        admin = create_officer(self.centre, roles=(Role.UNIT_ADMIN,))
        self.assertEqual(set(administered_units(admin)), {self.centre, self.branch})

    def test_administered_units_follow_a_moved_unit(self) -> None:
        admin = create_officer(self.centre, roles=(Role.UNIT_ADMIN,))
        self.commune.parent = self.centre
        self.commune.save()
        self.assertEqual(set(administered_units(admin)), {self.centre, self.branch, self.commune})

    def test_an_officer_without_admin_role_administers_nothing(self) -> None:
        officer = create_officer(self.city, roles=(Role.LEADER, Role.INSPECTOR))
        self.assertEqual(list(administered_units(officer)), [])

    def test_a_superuser_administers_every_unit(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.assertEqual(administered_units(boss).count(), 5)

    def test_an_admin_of_a_top_level_unit_is_province_admin(self) -> None:
        self.assertTrue(is_province_admin(create_officer(self.city, roles=(Role.UNIT_ADMIN,))))

    def test_an_admin_of_a_sub_unit_is_not_province_admin(self) -> None:
        self.assertFalse(is_province_admin(create_officer(self.centre, roles=(Role.UNIT_ADMIN,))))

    def test_a_leader_of_a_top_level_unit_is_not_province_admin(self) -> None:
        self.assertFalse(is_province_admin(create_officer(self.city, roles=(Role.LEADER,))))

    def test_a_superuser_is_province_admin(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.assertTrue(is_province_admin(boss))
