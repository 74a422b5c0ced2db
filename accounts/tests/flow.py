"""Helpers that drive the sign-in pages as a person would."""

from __future__ import annotations

import http.client
import re
from typing import Any
from urllib.parse import urlsplit

import pyotp
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from accounts.models import TOTPDevice, User
from accounts.oidc_local import LocalProvider
from core.testing import PASSWORD
from notifications.models import Notification

LOGIN = "/tai-khoan/dang-nhap/"
CODE = "/tai-khoan/dang-nhap/ma-xac-thuc/"
TOTP = "/tai-khoan/dang-nhap/xac-thuc-hai-lop/"
ENROL = "/tai-khoan/dang-nhap/thiet-lap-xac-thuc-hai-lop/"
SSO_START = "/tai-khoan/dang-nhap/dinh-danh-dien-tu/"
# One personal ID number as typed in several ways: the spellings of the security report (all
# full-width, one full-width digit, a mathematical bold zero), and Arabic-Indic digits, which
# NFKC leaves alone and accounts.identifiers maps to 0-9.
ID_NUMBER = "001090012345"
FULL_WIDTH = "００１０９００１２３４５"
ONE_WIDE_DIGIT = "00109001234５"
BOLD_ZERO = "𝟎01090012345"
ARABIC_INDIC = "٠٠١٠٩٠٠١٢٣٤٥"
SPELLINGS = (FULL_WIDTH, ONE_WIDE_DIGIT, BOLD_ZERO, ARABIC_INDIC)
# Django's own backend: force_login with it makes a session the sign-in flow did not mark.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def sent_code(user: User) -> str:
    """The code in the newest message queued for ``user``."""
    body = Notification.objects.filter(recipient=user).latest("created_at").body
    match = re.search(r"\b(\d{6})\b", body)
    assert match, body
    return match.group(1)


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(
        user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )


def current_totp(user: User) -> str:
    return pyotp.TOTP(TOTPDevice.objects.get(user=user).secret).now()


def sign_in_officer(client: Client, officer: User) -> None:
    """Password, then the code of the officer's (confirmed) authenticator."""
    client.post(LOGIN, {"username": officer.username, "password": PASSWORD})
    client.post(TOTP, {"code": current_totp(officer)})
    assert logged_in_user_id(client) == str(officer.pk)


def through_provider(authorize_url: str) -> str:
    """Open the provider's authorize address as the browser would, and return where it sends
    the browser back to (path and query, for the test client)."""
    parts = urlsplit(authorize_url)
    assert parts.hostname == "127.0.0.1", authorize_url
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        assert response.status == 302, (response.status, response.read())
        back = urlsplit(response.getheader("Location", ""))
    finally:
        connection.close()
    return f"{back.path}?{back.query}"


class ProviderTestCase(TestCase):
    """A local OpenID Connect provider per test, and the settings that point to it."""

    person: dict[str, Any] = {"sub": "001190000055", "name": "Lê Thị Thu"}
    provider: LocalProvider

    def setUp(self) -> None:
        self.provider = self.enterContext(LocalProvider(person=dict(self.person)))
        self.enterContext(
            override_settings(
                MOTCUA_OIDC_ISSUER=self.provider.issuer,
                MOTCUA_OIDC_CLIENT_ID=self.provider.client_id,
                MOTCUA_OIDC_CLIENT_SECRET=self.provider.client_secret,
            )
        )

    def sign_in(self, next_url: str = "") -> Any:
        start = self.client.get(SSO_START, {"next": next_url} if next_url else {})
        assert start.status_code == 302, start.content
        return self.client.get(through_provider(start["Location"]))
