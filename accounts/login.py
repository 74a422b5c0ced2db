"""The sign-in flow: the first factor (password or single sign-on), the second step, and the
session that results.

Between the two steps nothing is logged in: the half-done sign-in is kept in the session under
``PENDING_KEY`` (who, which step, where to go next), and ``request.user`` stays anonymous until
``complete_login`` runs. An officer's session carries ``SECOND_FACTOR_KEY`` only once their
TOTP code was checked; ``accounts.middleware`` ends officer sessions without it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import lockout
from accounts.models import LoginEvent, Role, User
from accounts.roles import memberships
from accounts.totp import has_confirmed_device
from core.ratelimit import client_ip

PENDING_KEY = "motcua_login_pending"
SECOND_FACTOR_KEY = "motcua_second_factor"
METHOD_KEY = "motcua_login_method"
AUTH_TIME_KEY = "motcua_auth_time"
LAST_SEEN_KEY = "motcua_last_seen"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Installed under the test runner only (config/settings.py); see accounts.backends.
TEST_CLIENT_BACKEND = "accounts.backends.TestClientBackend"
# A half-done sign-in is forgotten after this long.
PENDING_SECONDS = 600


class Step(StrEnum):
    CODE = "code"  # an applicant types the code we sent
    TOTP = "totp"  # an officer types the code of their authenticator app
    ENROL = "enrol"  # an officer without a confirmed authenticator sets one up


@dataclass
class Pending:
    user_id: int
    step: str
    method: str
    identifier: str
    next: str
    auth_hash: str
    started: float


def is_officer_account(user: User) -> bool:
    """Officers and superusers: TOTP, idle timeout, session ends with the browser."""
    return user.is_officer or user.is_superuser


def needs_totp(user: User) -> bool:
    return bool(settings.MOTCUA_OFFICER_TOTP) and is_officer_account(user)


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` when it is an address on this site (same host and scheme), else "": the
    person then goes to their own landing page (``destination``)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def landing(user: object) -> str:
    """Where a person goes after signing in when nothing asked for another page: an officer
    who works on or reads dossiers to their inbox, an administrator with no other role (a unit
    administrator only, a superuser) to the configuration, an applicant to the citizen home."""
    if isinstance(user, User) and user.is_authenticated:
        roles = {role for _unit, role, _path in memberships(user)} if user.is_officer else set()
        if roles - {Role.UNIT_ADMIN}:
            return reverse("backoffice:inbox")
        if user.can_configure:
            return reverse("admin:index")
        if roles:
            return reverse("backoffice:inbox")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def destination(user: User, next_url: str) -> str:
    """The page asked for (already checked by ``safe_next``), else the person's landing page."""
    return next_url or landing(user)


def begin(
    request: HttpRequest, user: User, *, method: str, identifier: str, next_url: str
) -> Step | None:
    """The first factor is good: start the second step, or log in when there is none.

    Returns the step to show next, or None when the user is now logged in.
    """
    if needs_totp(user):
        step = Step.TOTP if has_confirmed_device(user) else Step.ENROL
    elif method == LoginEvent.Method.PASSWORD and not is_officer_account(user):
        step = Step.CODE
    else:
        # Single sign-on for an applicant: the identity provider did its own checks.
        complete_login(request, user, method=method, identifier=identifier)
        return None
    request.session.cycle_key()
    request.session[PENDING_KEY] = asdict(
        Pending(
            user_id=user.pk,
            step=step,
            method=method,
            identifier=identifier,
            next=next_url,
            auth_hash=user.get_session_auth_hash(),
            started=time.time(),
        )
    )
    return step


def pending(request: HttpRequest, step: Step) -> tuple[Pending, User] | None:
    """The half-done sign-in at ``step``, if it is still fresh and its user can still log in."""
    raw = request.session.get(PENDING_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        state = Pending(**raw)
    except TypeError:
        return None
    if state.step != step or time.time() - state.started > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=state.user_id, is_active=True).first()
    # A password changed in between ends the half-done sign-in too.
    if user is None or user.get_session_auth_hash() != state.auth_hash:
        return None
    return state, user


def move_to(request: HttpRequest, step: Step) -> None:
    raw = dict(request.session[PENDING_KEY])
    raw["step"] = step
    request.session[PENDING_KEY] = raw


def drop_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def complete_login(request: HttpRequest, user: User, *, method: str, identifier: str) -> None:
    """Log in for real: new session key, the markers the middleware reads, the record.

    ``method`` is the last check passed: the code, the TOTP code, single sign-on, or the
    password alone (officers while MOTCUA_OFFICER_TOTP is off).
    """
    drop_pending(request)
    login(request, user, backend=MODEL_BACKEND)
    now = time.time()
    request.session[METHOD_KEY] = method
    request.session[AUTH_TIME_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    if method == LoginEvent.Method.TOTP:
        request.session[SECOND_FACTOR_KEY] = LoginEvent.Method.TOTP
    if is_officer_account(user) and settings.MOTCUA_OFFICER_EXPIRE_AT_BROWSER_CLOSE:
        request.session.set_expiry(0)
    lockout.clear(identifier, user)
    LoginEvent.objects.create(
        user=user,
        identifier=identifier[:150],
        client_ip=client_ip(request),
        method=method,
        outcome=LoginEvent.Outcome.SUCCESS,
    )
