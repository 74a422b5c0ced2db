from __future__ import annotations

from django.test import TestCase

from accounts.models import Role, User
from core.testing import create_citizen, create_officer, create_unit
from units.models import GovernmentUnit

LOGIN = "/quan-tri/login/"


class AdminAccessTestCase(TestCase):
    """Only superusers and unit administrators get into the configuration UI."""

    unit: GovernmentUnit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()

    def assert_sent_to_login(self, url: str) -> None:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(f"{LOGIN}?next="), response["Location"])

    def test_it_sends_an_officer_without_admin_role_to_the_admin_login(self) -> None:
        officer = create_officer(self.unit, roles=(Role.FRONT_DESK, Role.LEADER))
        self.client.force_login(officer)
        self.assert_sent_to_login("/quan-tri/")

    def test_it_sends_an_officer_without_admin_role_away_from_a_model_page(self) -> None:
        officer = create_officer(self.unit, roles=(Role.SPECIALIST,))
        self.client.force_login(officer)
        self.assert_sent_to_login("/quan-tri/units/governmentunit/")

    def test_it_sends_a_former_unit_admin_to_the_admin_login(self) -> None:
        officer = create_officer(self.unit, roles=(Role.UNIT_ADMIN,))
        officer.memberships.get().delete()
        self.client.force_login(officer)
        self.assert_sent_to_login("/quan-tri/")

    def test_it_sends_a_citizen_to_the_admin_login(self) -> None:
        self.client.force_login(create_citizen())
        self.assert_sent_to_login("/quan-tri/")

    def test_it_sends_an_anonymous_visitor_to_the_admin_login(self) -> None:
        self.assert_sent_to_login("/quan-tri/")

    def test_it_lets_a_unit_admin_in(self) -> None:
        self.client.force_login(create_officer(self.unit, roles=(Role.UNIT_ADMIN,)))
        response = self.client.get("/quan-tri/")
        self.assertContains(response, "/quan-tri/units/governmentunit/")

    def test_it_shows_a_unit_admin_no_province_wide_module_below_the_top(self) -> None:
        commune = create_unit(parent=self.unit)
        self.client.force_login(create_officer(commune, roles=(Role.UNIT_ADMIN,)))
        response = self.client.get("/quan-tri/")
        self.assertNotContains(response, "/quan-tri/catalog/procedureversion/")
        self.assertNotContains(response, "/quan-tri/workdays/dayoverride/")

    def test_it_lets_a_superuser_in_without_memberships(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        response = self.client.get("/quan-tri/")
        self.assertContains(response, "/quan-tri/catalog/procedureversion/")
