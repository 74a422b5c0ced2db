"""Where a sign-in lands: the page asked for when it is on this site, else the person's own
landing page (an officer's inbox, the citizen home page); and the 403 page of a signed-in person
without the right to a page, with a way back."""

from __future__ import annotations

import time

from django.test import TestCase
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.flow import (
    CODE,
    ENROL,
    LOGIN,
    TOTP,
    confirmed_device,
    current_totp,
    sent_code,
)
from core.testing import PASSWORD, create_citizen, create_officer, create_unit
from units.models import GovernmentUnit

INBOX = "/can-bo/"
ADMIN_PAGE = "/quan-tri/catalog/procedure/"


class LandingTestCase(TestCase):
    unit: GovernmentUnit
    officer: User
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.unit = create_unit()
        cls.officer = create_officer(cls.unit, username="canbo.vao")
        confirmed_device(cls.officer)
        cls.admin = create_officer(cls.unit, roles=(Role.UNIT_ADMIN,), username="quantri.vao")
        confirmed_device(cls.admin)

    def totp_step(self, user: User, next_url: str = "") -> str:
        """Password (with ``next_url``) then the TOTP code; where the last step sends to."""
        data = {"username": user.username, "password": PASSWORD}
        if next_url:
            data["next"] = next_url
        self.client.post(LOGIN, data)
        return str(self.client.post(TOTP, {"code": current_totp(user)})["Location"])

    def test_an_officer_lands_on_their_inbox(self) -> None:
        self.assertEqual(self.totp_step(self.officer), INBOX)

    def test_an_officer_keeps_an_explicit_next_on_this_site(self) -> None:
        self.assertEqual(self.totp_step(self.officer, "/thu-tuc/"), "/thu-tuc/")

    def test_an_officer_sent_to_another_site_lands_on_their_inbox(self) -> None:
        self.assertEqual(self.totp_step(self.officer, "https://x.vn/can-bo/"), INBOX)

    def test_a_new_officer_lands_on_their_inbox_after_setting_up_the_app(self) -> None:
        newcomer = create_officer(self.unit, username="canbo.moivao")
        self.client.post(LOGIN, {"username": newcomer.username, "password": PASSWORD})
        self.client.get(ENROL)  # makes the device to enrol
        response = self.client.post(ENROL, {"code": current_totp(newcomer)})
        self.assertEqual(response["Location"], INBOX)

    def test_a_superuser_without_a_role_lands_on_the_admin(self) -> None:
        boss = User.objects.create_superuser(
            "sieuquantri", password=PASSWORD, full_name="Siêu Quản Trị", kind=User.Kind.OFFICER
        )
        confirmed_device(boss)
        self.assertEqual(self.totp_step(boss), reverse("admin:index"))

    def test_a_unit_administrator_with_no_other_role_lands_on_the_admin(self) -> None:
        self.assertEqual(self.totp_step(self.admin), reverse("admin:index"))

    def test_an_inspector_lands_on_their_inbox(self) -> None:
        inspector = create_officer(self.unit, roles=(Role.INSPECTOR,))
        confirmed_device(inspector)
        self.assertEqual(self.totp_step(inspector), INBOX)

    def test_a_citizen_lands_on_the_citizen_home_page(self) -> None:
        citizen = create_citizen(phone="0912000088")
        self.client.post(LOGIN, {"username": citizen.username, "password": PASSWORD})
        response = self.client.post(CODE, {"code": sent_code(citizen)})
        self.assertEqual(response["Location"], reverse("portal:home"))

    def test_an_officer_already_signed_in_goes_to_their_inbox_from_the_login_page(self) -> None:
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get(LOGIN)["Location"], INBOX)


class AdminReturnTestCase(TestCase):
    """An administrator who opens an admin page while signed out comes back to it."""

    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = create_officer(create_unit(), roles=(Role.UNIT_ADMIN,))
        confirmed_device(cls.admin)

    def login_page_from_admin(self) -> str:
        """Follow the admin's redirects to the site's login page; its address."""
        response = self.client.get(ADMIN_PAGE)
        while response.status_code == 302 and not response["Location"].startswith(LOGIN):
            response = self.client.get(response["Location"])
        return str(response["Location"])

    def test_the_admin_page_is_reached_again_after_totp(self) -> None:
        page = self.client.get(self.login_page_from_admin())
        next_url = page.context["next"]
        self.client.post(
            LOGIN, {"username": self.admin.username, "password": PASSWORD, "next": next_url}
        )
        response = self.client.post(TOTP, {"code": current_totp(self.admin)})
        self.assertEqual(response["Location"], ADMIN_PAGE)

    def test_an_expired_half_done_sign_in_starts_again_on_the_way_to_the_admin_page(
        self,
    ) -> None:
        self.client.post(
            LOGIN, {"username": self.admin.username, "password": PASSWORD, "next": ADMIN_PAGE}
        )
        session = self.client.session
        session["motcua_login_pending"] = {
            **session["motcua_login_pending"],
            "started": time.time() - 3600,
        }
        session.save()
        response = self.client.post(TOTP, {"code": current_totp(self.admin)})
        self.assertEqual(response["Location"], f"{LOGIN}?next=%2Fquan-tri%2Fcatalog%2Fprocedure%2F")


class InspectorOnTheAdminTestCase(TestCase):
    """An inspector reads dossiers but does not configure: the admin says so, with a way back."""

    inspector: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.inspector = create_officer(create_unit(), roles=(Role.INSPECTOR,))

    def admin_index(self) -> str:
        self.client.force_login(self.inspector)
        response = self.client.get("/quan-tri/", follow=True)
        self.assertEqual(response.status_code, 403)
        return response.content.decode()

    def test_it_is_the_sites_page_not_a_bare_forbidden(self) -> None:
        self.assertIn('class="govuk-header', self.admin_index())

    def test_it_says_the_admin_is_for_administrators(self) -> None:
        self.assertIn("chỉ dành cho quản trị viên", self.admin_index())

    def test_it_links_to_the_inspectors_own_landing_page(self) -> None:
        self.assertIn(f'href="{INBOX}"', self.admin_index())

    def test_it_offers_to_log_out(self) -> None:
        self.assertIn(f'action="{reverse("accounts:logout")}"', self.admin_index())
