from __future__ import annotations

from typing import Any

from accounts.models import Membership, Role, User
from core.testing import UnitTreeTestCase, create_officer, create_unit
from units.models import GovernmentUnit

CHANGELIST = "/quan-tri/units/governmentunit/"


def change_url(unit: GovernmentUnit) -> str:
    return f"{CHANGELIST}{unit.pk}/change/"


def form_data(unit: GovernmentUnit, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "area": unit.area_id,
        "receives_dossiers": "on" if unit.receives_dossiers else "",
        "address": unit.address,
        "hotline": unit.hotline,
        "email": unit.email,
        "office_hours": unit.office_hours,
        "is_active": "on" if unit.is_active else "",
        "fee_accounts-TOTAL_FORMS": "0",
        "fee_accounts-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


class GovernmentUnitAdminTestCase(UnitTreeTestCase):
    """A unit administrator sees and edits their unit and the units under it, nothing else."""

    other_city: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_city = create_unit()
        cls.admin = create_officer(cls.centre, roles=(Role.UNIT_ADMIN,))

    def listed(self) -> set[int]:
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        return {unit.pk for unit in response.context["cl"].result_list}

    def test_it_lists_the_admins_unit_and_its_sub_units(self) -> None:
        self.client.force_login(self.admin)
        self.assertEqual(self.listed(), {self.centre.pk, self.branch.pk})

    def test_it_lists_the_units_of_every_administered_subtree(self) -> None:
        admin = create_officer(self.other_city, roles=(Role.UNIT_ADMIN,))
        Membership.objects.create(user=admin, unit=self.commune, role=Role.UNIT_ADMIN)
        self.client.force_login(admin)
        self.assertEqual(self.listed(), {self.other_city.pk, self.commune.pk})

    def test_it_ignores_an_inactive_unit_admin_membership(self) -> None:
        admin = create_officer(self.other_city, roles=(Role.UNIT_ADMIN,))
        Membership.objects.create(
            user=admin, unit=self.commune, role=Role.UNIT_ADMIN, is_active=False
        )
        self.client.force_login(admin)
        self.assertEqual(self.listed(), {self.other_city.pk})

    def test_it_ignores_other_roles(self) -> None:
        admin = create_officer(self.other_city, roles=(Role.UNIT_ADMIN,))
        Membership.objects.create(user=admin, unit=self.commune, role=Role.LEADER)
        self.client.force_login(admin)
        self.assertEqual(self.listed(), {self.other_city.pk})

    def test_it_opens_the_change_page_of_a_sub_unit(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(change_url(self.branch))
        self.assertContains(response, self.branch.code)

    def test_it_refuses_the_change_page_of_the_parent_unit(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(change_url(self.city))
        self.assertIn(response.status_code, (302, 403, 404))
        self.assertNotContains(response, self.city.code, status_code=response.status_code)

    def test_it_refuses_the_change_page_of_a_sibling_unit(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(change_url(self.commune))
        self.assertIn(response.status_code, (302, 403, 404))
        if response.status_code == 302:
            self.assertNotEqual(response["Location"], change_url(self.commune))

    def test_it_does_not_save_changes_to_a_unit_outside_the_scope(self) -> None:
        self.client.force_login(self.admin)
        self.client.post(change_url(self.commune), form_data(self.commune, name="Đã bị sửa"))
        self.commune.refresh_from_db()
        self.assertNotEqual(self.commune.name, "Đã bị sửa")

    def test_it_saves_changes_to_a_unit_in_the_scope(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            change_url(self.branch), form_data(self.branch, hotline="024 3825 0000")
        )
        self.assertEqual(response.status_code, 302)
        self.branch.refresh_from_db()
        self.assertEqual(self.branch.hotline, "024 3825 0000")

    def test_it_refuses_a_parent_outside_the_scope(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            change_url(self.branch), form_data(self.branch, parent=self.other_city.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("parent", response.context["adminform"].form.errors)
        self.branch.refresh_from_db()
        self.assertEqual(self.branch.parent_id, self.centre.pk)

    def test_it_does_not_move_the_top_unit_of_the_scope_under_its_sub_unit(self) -> None:
        self.client.force_login(self.admin)
        self.client.post(change_url(self.centre), form_data(self.centre, parent=self.branch.pk))
        self.centre.refresh_from_db()
        self.assertEqual(
            (self.centre.parent_id, self.centre.path),
            (self.city.pk, f"/{self.city.pk}/{self.centre.pk}/"),
        )

    def test_a_sub_unit_admin_cannot_move_their_unit_to_the_top_level(self) -> None:
        # A unit without parent makes its administrators province administrators.
        self.client.force_login(self.admin)
        self.client.post(change_url(self.centre), form_data(self.centre, parent=""))
        self.centre.refresh_from_db()
        self.assertEqual(self.centre.parent_id, self.city.pk)
        self.assertEqual(self.client.get("/quan-tri/catalog/procedureversion/").status_code, 403)

    def test_a_superuser_lists_every_unit(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        self.assertEqual(self.listed(), set(GovernmentUnit.objects.values_list("pk", flat=True)))
        self.assertEqual(len(self.listed()), 5)

    def test_a_superuser_opens_any_change_page(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        self.assertContains(self.client.get(change_url(self.other_city)), self.other_city.code)
