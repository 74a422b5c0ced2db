from __future__ import annotations

from django.test import TestCase

from accounts.models import Role, TOTPDevice, User
from accounts.tests.flow import LOGIN, confirmed_device, logged_in_user_id
from core.testing import PASSWORD, create_citizen, create_officer, create_unit
from units.models import GovernmentUnit

ADMIN_LOGIN = "/quan-tri/login/"


class AdminLoginTestCase(TestCase):
    """The admin site has no password form of its own: it sends people to the site's login."""

    unit: GovernmentUnit
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()
        cls.admin = create_officer(cls.unit, roles=(Role.UNIT_ADMIN,))

    def test_it_sends_an_anonymous_visitor_to_the_site_login(self) -> None:
        response = self.client.get(f"{ADMIN_LOGIN}?next=/quan-tri/units/")
        self.assertRedirects(
            response, f"{LOGIN}?next=%2Fquan-tri%2Funits%2F", fetch_redirect_response=False
        )

    def test_it_sends_to_the_admin_index_by_default(self) -> None:
        response = self.client.get(ADMIN_LOGIN)
        self.assertRedirects(
            response, f"{LOGIN}?next=%2Fquan-tri%2F", fetch_redirect_response=False
        )

    def test_a_password_posted_to_it_logs_nobody_in(self) -> None:
        self.client.post(ADMIN_LOGIN, {"username": self.admin.username, "password": PASSWORD})
        self.assertIsNone(logged_in_user_id(self.client))

    def test_it_refuses_a_logged_in_person_without_the_right(self) -> None:
        self.client.force_login(create_citizen())
        self.assertEqual(self.client.get(ADMIN_LOGIN).status_code, 403)

    def test_it_sends_an_administrator_on(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(f"{ADMIN_LOGIN}?next=/quan-tri/units/")
        self.assertRedirects(response, "/quan-tri/units/", fetch_redirect_response=False)

    def test_an_administrator_resets_an_officers_second_factor(self) -> None:
        officer = create_officer(self.unit)
        confirmed_device(officer)
        self.client.force_login(self.admin)
        self.client.post(
            "/quan-tri/accounts/user/",
            {"action": "reset_totp", "_selected_action": [officer.pk]},
        )
        self.assertFalse(TOTPDevice.objects.filter(user=officer).exists())

    def test_an_administrator_cannot_reset_outside_their_units(self) -> None:
        stranger = create_officer(create_unit())
        confirmed_device(stranger)
        self.client.force_login(self.admin)
        self.client.post(
            "/quan-tri/accounts/user/",
            {"action": "reset_totp", "_selected_action": [stranger.pk]},
        )
        self.assertTrue(TOTPDevice.objects.filter(user=stranger).exists())

    def test_the_sign_in_record_is_for_superusers_only(self) -> None:
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get("/quan-tri/accounts/loginevent/").status_code, 403)

    def test_a_superuser_reads_the_sign_in_record(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password="x", full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        self.client.force_login(boss)
        self.assertEqual(self.client.get("/quan-tri/accounts/loginevent/").status_code, 200)
