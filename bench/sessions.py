"""Signed-in sessions for the benchmark's clients, made on the server side.

The session holds what ``accounts.login.complete_login`` puts there (the auth keys, the method,
the time of sign-in and of the last request, the second factor for an officer), so that
``accounts.middleware.OfficerSessionMiddleware`` accepts it as a real sign-in; nobody types a
password or a TOTP code a thousand times a second.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from accounts.login import (
    AUTH_TIME_KEY,
    LAST_SEEN_KEY,
    METHOD_KEY,
    MODEL_BACKEND,
    SECOND_FACTOR_KEY,
    is_officer_account,
)
from accounts.models import LoginEvent, User


def session_for(user: User) -> str:
    """A new session key signed in as ``user`` (officers with their second factor)."""
    store = SessionStore()
    now = time.time()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = MODEL_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if is_officer_account(user):
        store[METHOD_KEY] = LoginEvent.Method.TOTP
        store[SECOND_FACTOR_KEY] = LoginEvent.Method.TOTP
    else:
        store[METHOD_KEY] = LoginEvent.Method.PASSWORD
    store[AUTH_TIME_KEY] = now
    store[LAST_SEEN_KEY] = now
    store.set_expiry(settings.SESSION_COOKIE_AGE)
    store.create()
    assert store.session_key is not None  # noqa: S101 - create() sets it
    return store.session_key


def cookie_for(user: User) -> str:
    """The Cookie header value of a new signed-in session of ``user``."""
    return f"{settings.SESSION_COOKIE_NAME}={session_for(user)}"
