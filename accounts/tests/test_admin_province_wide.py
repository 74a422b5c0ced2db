from __future__ import annotations

from django.test import TestCase

from accounts.models import Membership, Role, User
from core.testing import create_officer, create_unit
from units.models import GovernmentUnit

PROCEDURE_VERSIONS = "/quan-tri/catalog/procedureversion/"
DAY_OVERRIDES = "/quan-tri/workdays/dayoverride/"


class ProvinceWideAdminTestCase(TestCase):
    """The catalog and the calendar belong to administrators of a top-level unit."""

    city: GovernmentUnit
    commune: GovernmentUnit
    province_admin: User
    commune_admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = create_unit()
        cls.commune = create_unit(parent=cls.city)
        cls.province_admin = create_officer(cls.city, roles=(Role.UNIT_ADMIN,))
        cls.commune_admin = create_officer(cls.commune, roles=(Role.UNIT_ADMIN,))

    def test_a_province_admin_opens_the_procedure_versions(self) -> None:
        self.client.force_login(self.province_admin)
        self.assertEqual(self.client.get(PROCEDURE_VERSIONS).status_code, 200)

    def test_a_province_admin_opens_the_day_overrides(self) -> None:
        self.client.force_login(self.province_admin)
        self.assertEqual(self.client.get(DAY_OVERRIDES).status_code, 200)

    def test_a_province_admin_opens_the_add_page_of_a_day_override(self) -> None:
        self.client.force_login(self.province_admin)
        self.assertEqual(self.client.get(f"{DAY_OVERRIDES}add/").status_code, 200)

    def test_a_commune_admin_is_refused_the_procedure_versions(self) -> None:
        self.client.force_login(self.commune_admin)
        self.assertEqual(self.client.get(PROCEDURE_VERSIONS).status_code, 403)

    def test_a_commune_admin_is_refused_the_day_overrides(self) -> None:
        self.client.force_login(self.commune_admin)
        self.assertEqual(self.client.get(DAY_OVERRIDES).status_code, 403)

    def test_a_commune_admin_is_refused_adding_a_day_override(self) -> None:
        self.client.force_login(self.commune_admin)
        self.assertEqual(self.client.get(f"{DAY_OVERRIDES}add/").status_code, 403)

    def test_an_inactive_top_level_membership_does_not_count(self) -> None:
        membership = self.province_admin.memberships.get()
        membership.is_active = False
        membership.save()
        Membership.objects.create(user=self.province_admin, unit=self.commune, role=Role.UNIT_ADMIN)
        self.client.force_login(self.province_admin)
        self.assertEqual(self.client.get(DAY_OVERRIDES).status_code, 403)

    def test_a_top_level_role_other_than_unit_admin_does_not_count(self) -> None:
        officer = create_officer(self.city, roles=(Role.LEADER, Role.INSPECTOR))
        Membership.objects.create(user=officer, unit=self.commune, role=Role.UNIT_ADMIN)
        self.client.force_login(officer)
        self.assertEqual(self.client.get(PROCEDURE_VERSIONS).status_code, 403)

    def test_a_superuser_opens_both(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        self.assertEqual(self.client.get(PROCEDURE_VERSIONS).status_code, 200)
        self.assertEqual(self.client.get(DAY_OVERRIDES).status_code, 200)
