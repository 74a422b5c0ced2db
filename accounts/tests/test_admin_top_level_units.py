from __future__ import annotations

from django.urls import reverse

from accounts.models import Membership, Role
from accounts.tests.test_admin_government_units import change_url, form_data
from core.testing import UnitTreeTestCase
from units.models import GovernmentUnit

CATALOG = "/quan-tri/catalog/procedureversion/"


class TopLevelUnitsTestCase(UnitTreeTestCase):
    """Administrators of a top-level unit administer the province, so only a superuser makes
    a top-level unit."""

    def test_a_unit_admin_cannot_move_a_sub_unit_to_the_top_level(self) -> None:
        Membership.objects.create(user=self.admin, unit=self.branch, role=Role.UNIT_ADMIN)
        self.client.force_login(self.admin)
        self.client.post(change_url(self.branch), form_data(self.branch, parent=""))
        self.branch.refresh_from_db()
        self.assertEqual(self.branch.parent_id, self.centre.pk)
        self.assertNotEqual(self.client.get(CATALOG).status_code, 200)

    def test_a_unit_admin_cannot_move_their_own_unit(self) -> None:
        self.client.force_login(self.admin)
        self.client.post(change_url(self.centre), form_data(self.centre, parent=""))
        self.centre.refresh_from_db()
        self.assertEqual(self.centre.parent_id, self.city.pk)

    def test_a_unit_admin_cannot_create_a_top_level_unit(self) -> None:
        self.client.force_login(self.admin)
        data = form_data(self.branch, code="009.09.09.H26", name="Đơn vị mới", parent="")
        self.client.post(reverse("admin:units_governmentunit_add"), data)
        self.assertFalse(GovernmentUnit.objects.filter(code="009.09.09.H26").exists())

    def test_a_unit_admin_creates_a_sub_unit_in_their_scope(self) -> None:
        self.client.force_login(self.admin)
        data = form_data(
            self.branch, code="009.09.09.H26", name="Đơn vị mới", parent=self.branch.pk
        )
        self.client.post(reverse("admin:units_governmentunit_add"), data)
        created = GovernmentUnit.objects.get(code="009.09.09.H26")
        self.assertTrue(created.path.startswith(self.branch.path))

    def test_a_unit_admin_sees_the_fee_accounts_of_their_unit(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(change_url(self.centre))
        self.assertContains(response, "fee_accounts-TOTAL_FORMS")
