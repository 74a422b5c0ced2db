"""Authentication backends.

``TestClientBackend`` exists for the test suite only. The test client's ``force_login`` signs
in with the first backend in AUTHENTICATION_BACKENDS, and config/settings.py puts this one first
when, and only when, the process is the test runner. Its sessions count as having passed the
officer's second factor, so the many tests that are not about signing in need no TOTP dance;
the tests of the sign-in flow go through the real pages, or pass ModelBackend to force_login.

It never authenticates credentials (``authenticate`` always answers None), so nothing but
``force_login`` makes such a session; and in a served process it is not installed, so Django
would refuse a session naming it even if one existed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class TestClientBackend(ModelBackend):
    __test__ = False  # not a test case, whatever pytest thinks of the name

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        return None
