from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from accounts.models import Membership, Role, User
from core.testing import create_officer, create_unit
from units.models import GovernmentUnit


def fresh(user: User) -> User:
    """A new instance: ``can_configure`` is cached per instance, as per request."""
    return User.objects.get(pk=user.pk)


class CanConfigureTestCase(TestCase):
    """Entering the configuration UI follows "holds an active unit-admin role", however the
    role is granted or removed."""

    unit: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()

    def test_a_new_officer_cannot_configure(self) -> None:
        self.assertFalse(fresh(create_officer()).can_configure)

    def test_a_unit_admin_role_lets_the_officer_configure(self) -> None:
        self.assertTrue(fresh(create_officer(self.unit, roles=(Role.UNIT_ADMIN,))).can_configure)

    def test_other_roles_do_not(self) -> None:
        officer = create_officer(
            self.unit, roles=(Role.FRONT_DESK, Role.SPECIALIST, Role.LEADER, Role.INSPECTOR)
        )
        self.assertFalse(fresh(officer).can_configure)

    def test_an_inactive_role_does_not(self) -> None:
        officer = create_officer()
        Membership.objects.create(
            user=officer, unit=self.unit, role=Role.UNIT_ADMIN, is_active=False
        )
        self.assertFalse(fresh(officer).can_configure)

    def test_a_deactivated_account_cannot_configure(self) -> None:
        officer = create_officer(self.unit, roles=(Role.UNIT_ADMIN,))
        User.objects.filter(pk=officer.pk).update(is_active=False)
        self.assertFalse(fresh(officer).can_configure)

    def test_a_bulk_update_of_the_role_removes_the_access(self) -> None:
        officer = create_officer(self.unit, roles=(Role.UNIT_ADMIN,))
        Membership.objects.filter(user=officer).update(is_active=False)
        self.assertFalse(fresh(officer).can_configure)

    def test_deleting_the_unit_removes_the_access(self) -> None:
        unit = create_unit()
        officer = create_officer(unit, roles=(Role.UNIT_ADMIN,))
        unit.delete()
        self.assertFalse(fresh(officer).can_configure)

    def test_the_bulk_delete_action_removes_the_access(self) -> None:
        officer = create_officer(self.unit, roles=(Role.UNIT_ADMIN,))
        root = User.objects.create_superuser(
            "root", "root@example.vn", "pw-root-1234", full_name="Root", kind="officer"
        )
        self.client.force_login(root)
        self.client.post(
            reverse("admin:accounts_membership_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": list(officer.memberships.values_list("pk", flat=True)),
                "post": "yes",
            },
        )
        self.client.force_login(officer)
        self.assertNotEqual(self.client.get(reverse("admin:index")).status_code, 200)

    def test_the_staff_flag_alone_does_not_open_the_admin(self) -> None:
        officer = create_officer()
        User.objects.filter(pk=officer.pk).update(is_staff=True)
        self.client.force_login(officer)
        self.assertNotEqual(self.client.get(reverse("admin:index")).status_code, 200)
