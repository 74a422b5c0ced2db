"""Rules for officers' sessions, checked on every request.

An officer (or superuser) session counts only when the sign-in flow marked it as having passed
the TOTP code (while MOTCUA_OFFICER_TOTP is on), has been used in the last
MOTCUA_OFFICER_IDLE_SECONDS, and is younger than SESSION_COOKIE_AGE. Otherwise it is ended and
the request goes on as anonymous: the back office and the admin site then send the person to
the sign-in page, and nothing else an officer may do is reachable.

Sessions made by the test client's ``force_login`` under the test runner are left alone; see
accounts.backends.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.login import (
    AUTH_TIME_KEY,
    LAST_SEEN_KEY,
    SECOND_FACTOR_KEY,
    TEST_CLIENT_BACKEND,
    is_officer_account,
)
from accounts.models import LoginEvent, User

# Write the last-seen time at most this often: not a session save on every request.
TOUCH_SECONDS = 60


class OfficerSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated and is_officer_account(user):
            ended, notice = self.check(request)
            if ended:
                logout(request)
                if notice:
                    messages.info(request, notice)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> tuple[bool, str]:
        """Whether this officer session must end, and what to tell the officer; refreshes the
        last-seen time of a session that goes on."""
        session = request.session
        if session.get(BACKEND_SESSION_KEY) == TEST_CLIENT_BACKEND:
            return False, ""
        if settings.MOTCUA_OFFICER_TOTP and session.get(SECOND_FACTOR_KEY) != (
            LoginEvent.Method.TOTP
        ):
            return True, ""
        now = time.time()
        last_seen = session.get(LAST_SEEN_KEY)
        started = session.get(AUTH_TIME_KEY)
        if not isinstance(last_seen, float | int) or not isinstance(started, float | int):
            return True, ""  # not made by the sign-in flow
        if now - last_seen > settings.MOTCUA_OFFICER_IDLE_SECONDS:
            minutes = settings.MOTCUA_OFFICER_IDLE_SECONDS // 60
            return True, _(
                "Phiên làm việc đã kết thúc vì không thao tác trong %(minutes)s phút. "
                "Vui lòng đăng nhập lại."
            ) % {"minutes": minutes}
        if now - started > settings.SESSION_COOKIE_AGE:
            return True, _("Phiên làm việc đã hết thời hạn. Vui lòng đăng nhập lại.")
        if now - last_seen >= TOUCH_SECONDS:
            session[LAST_SEEN_KEY] = now
        return False, ""
