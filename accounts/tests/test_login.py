from __future__ import annotations

from django.test import TestCase

from accounts.forms import LoginForm
from accounts.models import User
from core.testing import PASSWORD, create_citizen, create_officer

LOGIN = "/tai-khoan/dang-nhap/"


class LoginTestCase(TestCase):
    """Citizens log in with their 12-digit personal ID; officers with their user name."""

    citizen: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.citizen = create_citizen(personal_id="001090000077")

    def logged_in_user_id(self) -> str | None:
        return self.client.session.get("_auth_user_id")

    def test_it_shows_the_form(self) -> None:
        response = self.client.get(LOGIN)
        self.assertContains(response, "Tên đăng nhập hoặc số định danh cá nhân")

    def test_a_citizen_logs_in_with_the_personal_id(self) -> None:
        response = self.client.post(LOGIN, {"username": "001090000077", "password": PASSWORD})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(self.logged_in_user_id(), str(self.citizen.pk))

    def test_an_officer_logs_in_with_the_user_name(self) -> None:
        officer = create_officer(username="canbo.dangnhap")
        self.client.post(LOGIN, {"username": "canbo.dangnhap", "password": PASSWORD})
        self.assertEqual(self.logged_in_user_id(), str(officer.pk))

    def test_it_follows_next(self) -> None:
        response = self.client.post(
            LOGIN, {"username": "001090000077", "password": PASSWORD, "next": "/thu-tuc/"}
        )
        self.assertRedirects(response, "/thu-tuc/", fetch_redirect_response=False)

    def test_a_wrong_password_shows_the_vietnamese_error(self) -> None:
        response = self.client.post(LOGIN, {"username": "001090000077", "password": "sai-mat-khau"})
        self.assertContains(
            response,
            "Tên đăng nhập (hoặc số định danh cá nhân) hoặc mật khẩu không đúng. "
            "Lưu ý chữ hoa, chữ thường.",
        )
        self.assertIsNone(self.logged_in_user_id())

    def test_the_error_is_the_one_of_the_login_form(self) -> None:
        response = self.client.post(LOGIN, {"username": "001099999999", "password": PASSWORD})
        self.assertContains(response, str(LoginForm.error_messages["invalid_login"]))

    def test_an_inactive_citizen_cannot_log_in(self) -> None:
        User.objects.filter(pk=self.citizen.pk).update(is_active=False)
        self.client.post(LOGIN, {"username": "001090000077", "password": PASSWORD})
        self.assertIsNone(self.logged_in_user_id())

    def test_a_logged_in_user_is_sent_on(self) -> None:
        self.client.force_login(self.citizen)
        response = self.client.get(LOGIN)
        self.assertRedirects(response, "/", fetch_redirect_response=False)
