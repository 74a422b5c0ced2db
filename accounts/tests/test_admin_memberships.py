from __future__ import annotations

from accounts.models import Membership, Role, User
from core.testing import UnitTreeTestCase, create_officer, create_unit

CHANGELIST = "/quan-tri/accounts/membership/"


class MembershipAdminTestCase(UnitTreeTestCase):
    """A unit administrator sees only the roles held in the units they administer."""

    in_branch: User
    in_city: User
    in_commune: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.in_branch = create_officer(cls.branch, roles=(Role.FRONT_DESK, Role.SPECIALIST))
        cls.in_city = create_officer(cls.city, roles=(Role.LEADER,))
        cls.in_commune = create_officer(cls.commune, roles=(Role.UNIT_ADMIN,))

    def listed(self) -> set[int]:
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        return {membership.pk for membership in response.context["cl"].result_list}

    def test_it_lists_only_memberships_of_the_administered_units(self) -> None:
        self.client.force_login(self.admin)
        expected = Membership.objects.filter(unit__in=[self.centre, self.branch])
        self.assertEqual(self.listed(), set(expected.values_list("pk", flat=True)))
        self.assertEqual(len(self.listed()), 3)

    def test_it_hides_a_role_of_a_listed_officer_held_elsewhere(self) -> None:
        elsewhere = Membership.objects.create(
            user=self.in_branch, unit=self.commune, role=Role.LEADER
        )
        self.client.force_login(self.admin)
        self.assertNotIn(elsewhere.pk, self.listed())

    def test_it_refuses_the_change_page_of_a_membership_outside_the_scope(self) -> None:
        membership = self.in_commune.memberships.get()
        self.client.force_login(self.admin)
        response = self.client.get(f"{CHANGELIST}{membership.pk}/change/")
        self.assertIn(response.status_code, (302, 403, 404))
        if response.status_code == 302:
            self.assertNotIn(f"/{membership.pk}/change/", response["Location"])

    def test_it_opens_the_change_page_of_a_membership_in_the_scope(self) -> None:
        membership = self.in_branch.memberships.get(role=Role.SPECIALIST)
        self.client.force_login(self.admin)
        response = self.client.get(f"{CHANGELIST}{membership.pk}/change/")
        self.assertEqual(response.status_code, 200)

    def test_the_root_unit_admin_lists_every_membership_of_the_tree(self) -> None:
        root_admin = create_officer(self.city, roles=(Role.UNIT_ADMIN,))
        self.client.force_login(root_admin)
        self.assertEqual(self.listed(), set(Membership.objects.values_list("pk", flat=True)))

    def test_a_superuser_lists_every_membership(self) -> None:
        create_officer(create_unit(), roles=(Role.LEADER,))
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        self.assertEqual(self.listed(), set(Membership.objects.values_list("pk", flat=True)))
        self.assertEqual(len(self.listed()), 6)
