from __future__ import annotations

from django.test import TestCase

from accounts.models import Membership, Role, User
from core.testing import create_citizen, create_officer, create_unit
from units.models import GovernmentUnit

CHANGELIST = "/quan-tri/accounts/user/"


class UserAdminTestCase(TestCase):
    """A unit administrator sees the officers of their units; superusers see every account."""

    city: GovernmentUnit
    centre: GovernmentUnit
    commune: GovernmentUnit
    admin: User
    colleague: User
    outsider: User
    boss: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = create_unit()
        cls.centre = create_unit(parent=cls.city)
        cls.commune = create_unit(parent=cls.city)
        cls.admin = create_officer(cls.centre, roles=(Role.UNIT_ADMIN,))
        cls.colleague = create_officer(create_unit(parent=cls.centre))
        cls.outsider = create_officer(cls.commune)
        cls.boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        create_citizen()

    def listed(self) -> set[int]:
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        return {user.pk for user in response.context["cl"].result_list}

    def test_a_unit_admin_lists_the_officers_of_their_units(self) -> None:
        self.client.force_login(self.admin)
        self.assertEqual(self.listed(), {self.admin.pk, self.colleague.pk})

    def test_a_unit_admin_cannot_open_an_officer_outside_the_scope(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(f"{CHANGELIST}{self.outsider.pk}/change/")
        self.assertIn(response.status_code, (302, 403, 404))
        if response.status_code == 302:
            self.assertNotIn(f"/{self.outsider.pk}/change/", response["Location"])

    def test_a_unit_admin_cannot_open_a_superuser(self) -> None:
        Membership.objects.create(user=self.boss, unit=self.centre, role=Role.LEADER)
        self.client.force_login(self.admin)
        self.assertNotIn(self.boss.pk, self.listed())
        response = self.client.get(f"{CHANGELIST}{self.boss.pk}/change/")
        self.assertIn(response.status_code, (302, 403, 404))

    def test_a_unit_admin_opens_an_officer_in_the_scope(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(f"{CHANGELIST}{self.colleague.pk}/change/")
        self.assertContains(response, self.colleague.username)

    def test_a_unit_admin_cannot_make_an_officer_superuser(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(f"{CHANGELIST}{self.colleague.pk}/change/")
        form = response.context["adminform"].form
        self.assertNotIn("is_superuser", form.fields)
        self.assertNotIn("is_staff", form.fields)

    def test_a_superuser_lists_every_account(self) -> None:
        self.client.force_login(self.boss)
        self.assertEqual(self.listed(), set(User.objects.values_list("pk", flat=True)))
        self.assertEqual(len(self.listed()), 5)
