from __future__ import annotations

from typing import Any

from accounts.models import Role, User
from core.testing import UnitTreeTestCase

ADD = "/quan-tri/accounts/user/add/"
NEW_PASSWORD = "Mot-cua-2026-an-toan"


class AddOfficerAdminTestCase(UnitTreeTestCase):
    """A unit administrator creates officer accounts, each born with a role in their scope."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def post(self, **overrides: Any) -> Any:
        data: dict[str, Any] = {
            "username": "canbo.moi",
            "full_name": "Nguyễn Thị Mới",
            "email": "canbo.moi@example.vn",
            "phone": "0912000009",
            "unit": self.branch.pk,
            "role": Role.SPECIALIST,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        }
        data.update(overrides)
        return self.client.post(ADD, data)

    def test_it_offers_only_units_in_the_scope(self) -> None:
        response = self.client.get(ADD)
        units = response.context["adminform"].form.fields["unit"].queryset
        self.assertEqual(set(units), {self.centre, self.branch})

    def test_it_creates_an_officer(self) -> None:
        response = self.post()
        self.assertEqual(response.status_code, 302)
        user = User.objects.get(username="canbo.moi")
        self.assertEqual((user.kind, user.full_name), (User.Kind.OFFICER, "Nguyễn Thị Mới"))

    def test_it_gives_the_new_officer_the_chosen_role_in_the_chosen_unit(self) -> None:
        self.post()
        user = User.objects.get(username="canbo.moi")
        self.assertEqual(
            list(user.memberships.values_list("unit", "role", "is_active")),
            [(self.branch.pk, Role.SPECIALIST, True)],
        )

    def test_it_hashes_the_new_password_with_argon2(self) -> None:
        self.post()
        user = User.objects.get(username="canbo.moi")
        self.assertTrue(user.password.startswith("argon2"))
        self.assertTrue(user.check_password(NEW_PASSWORD))

    def test_a_new_officer_with_another_role_is_not_staff(self) -> None:
        self.post()
        self.assertFalse(User.objects.get(username="canbo.moi").is_staff)

    def test_a_new_unit_admin_can_configure(self) -> None:
        self.post(role=Role.UNIT_ADMIN, unit=self.centre.pk)
        self.assertTrue(User.objects.get(username="canbo.moi").can_configure)

    def test_it_refuses_a_unit_outside_the_scope(self) -> None:
        response = self.post(unit=self.commune.pk)
        self.assertEqual(response.status_code, 200)
        self.assertIn("unit", response.context["adminform"].form.errors)
        self.assertFalse(User.objects.filter(username="canbo.moi").exists())

    def test_it_refuses_the_parent_unit(self) -> None:
        response = self.post(unit=self.city.pk)
        self.assertIn("unit", response.context["adminform"].form.errors)
        self.assertFalse(User.objects.filter(username="canbo.moi").exists())

    def test_it_refuses_an_unknown_role(self) -> None:
        response = self.post(role="superuser")
        self.assertIn("role", response.context["adminform"].form.errors)
        self.assertFalse(User.objects.filter(username="canbo.moi").exists())

    def test_it_refuses_mismatched_passwords(self) -> None:
        response = self.post(password2="Mot-cua-khac-2026")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="canbo.moi").exists())

    def test_the_new_officer_appears_in_the_admins_user_list(self) -> None:
        self.post()
        response = self.client.get("/quan-tri/accounts/user/")
        self.assertIn("canbo.moi", {user.username for user in response.context["cl"].result_list})

    def test_a_superuser_may_choose_any_unit(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        self.post(unit=self.commune.pk, role=Role.LEADER)
        user = User.objects.get(username="canbo.moi")
        self.assertEqual(
            list(user.memberships.values_list("unit", "role")), [(self.commune.pk, Role.LEADER)]
        )
