"""Temporary lockout after repeated wrong passwords or codes, per account and per client address.

Counting uses core.ratelimit (Django's cache): MOTCUA_LOGIN_MAX_FAILURES wrong answers for one
account, or MOTCUA_LOGIN_IP_MAX_FAILURES from one address, within MOTCUA_LOGIN_LOCK_SECONDS lock
that account or address for MOTCUA_LOGIN_LOCK_SECONDS from the failure that reached the limit.

The identifier given here is always the one from ``accounts.identifiers.normalise_login``. An
attempt counts under two keys: the identifier (case-folded), so an unknown name locks the same
way as a real one and the message tells nobody which accounts exist; and the account it
resolves to, so that however the account was named (another spelling, the personal ID number
from single sign-on instead of the user name) its wrong answers add up to one lock. A
successful sign-in clears both counts (not the address's: one valid account must not reset
guessing at others from the same place).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from accounts.models import LoginEvent, User
from core import ratelimit

_FAILED_ACCOUNT = "login-failed-account"
_FAILED_IP = "login-failed-ip"
_LOCKED_ACCOUNT = "login-locked-account"
_LOCKED_IP = "login-locked-ip"
# LoginEvent.identifier's length.
_LOGGED_LENGTH = 150


def target(identifier: str) -> User | None:
    """The account a sign-in with this (normalised) identifier is aimed at, if there is one."""
    return User.objects.filter(username=identifier).first()


def account_keys(identifier: str, user: User | None) -> list[str]:
    # Hashed: what was typed can be any length, and cache back-ends limit key length.
    name = hashlib.sha256(identifier.casefold().encode()).hexdigest()
    return [f"name:{name}", *([f"user:{user.pk}"] if user is not None else [])]


def is_locked(request: HttpRequest, identifier: str, user: User | None) -> bool:
    return any(
        ratelimit.exhausted(_LOCKED_ACCOUNT, key, limit=1) for key in account_keys(identifier, user)
    ) or ratelimit.exhausted(_LOCKED_IP, ratelimit.client_ip(request), limit=1)


def _lock(scope: str, key: str) -> None:
    # A fresh key with the lock's own lifetime: locked for the full period from now.
    ratelimit.over_limit(scope, key, limit=0, window_seconds=settings.MOTCUA_LOGIN_LOCK_SECONDS)


def _record(
    request: HttpRequest, identifier: str, method: str, user: User | None, outcome: str
) -> None:
    LoginEvent.objects.create(
        user=user,
        identifier=identifier[:_LOGGED_LENGTH],
        client_ip=ratelimit.client_ip(request),
        method=method,
        outcome=outcome,
    )


def record_failure(request: HttpRequest, identifier: str, method: str, user: User | None) -> bool:
    """Count one wrong password or code; True when this failure locks the account or address.

    ``user`` is the account the attempt was aimed at (``target``, or the one of the half-done
    sign-in), None for a name no account has.
    """
    keys, ip = account_keys(identifier, user), ratelimit.client_ip(request)
    window = settings.MOTCUA_LOGIN_LOCK_SECONDS
    _record(request, identifier, method, user, LoginEvent.Outcome.FAILURE)
    # over_limit(limit=n - 1) answers True at the n-th failure. Every key is counted (a list,
    # not a short-circuiting any()).
    account_full = any(
        [
            ratelimit.over_limit(
                _FAILED_ACCOUNT,
                key,
                limit=settings.MOTCUA_LOGIN_MAX_FAILURES - 1,
                window_seconds=window,
            )
            for key in keys
        ]
    )
    ip_full = ratelimit.over_limit(
        _FAILED_IP, ip, limit=settings.MOTCUA_LOGIN_IP_MAX_FAILURES - 1, window_seconds=window
    )
    if account_full:
        # Under every key of this attempt: the account and the name it was reached by.
        for key in keys:
            _lock(_LOCKED_ACCOUNT, key)
        _forget(keys)
    if ip_full:
        _lock(_LOCKED_IP, ip)
        cache.delete(ratelimit._key(_FAILED_IP, ip))
    if account_full or ip_full:
        _record(request, identifier, method, user, LoginEvent.Outcome.LOCKED)
    return account_full or ip_full


def _forget(keys: list[str]) -> None:
    # core.ratelimit has no reset yet; this is its key format.
    cache.delete_many([ratelimit._key(_FAILED_ACCOUNT, key) for key in keys])


def clear(identifier: str, user: User) -> None:
    """After a successful sign-in: the account's wrong answers are forgotten."""
    _forget(account_keys(identifier, user))
