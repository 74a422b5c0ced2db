"""Temporary lockout after repeated wrong passwords or codes, per account and per client address.

Counting uses core.ratelimit (Django's cache): MOTCUA_LOGIN_MAX_FAILURES wrong answers for one
account, or MOTCUA_LOGIN_IP_MAX_FAILURES from one address, within MOTCUA_LOGIN_LOCK_SECONDS lock
that account or address for MOTCUA_LOGIN_LOCK_SECONDS from the failure that reached the limit.
The account is keyed by what was typed, so an unknown name locks the same way as a real one and
the message tells nobody which accounts exist. A successful sign-in clears the account's count
(not the address's: one valid account must not reset guessing at others from the same place).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from accounts.models import LoginEvent, User
from core import ratelimit

_FAILED_ACCOUNT = "login-failed-account"
_FAILED_IP = "login-failed-ip"
_LOCKED_ACCOUNT = "login-locked-account"
_LOCKED_IP = "login-locked-ip"


def account_key(identifier: str) -> str:
    return identifier.strip().casefold()


def is_locked(request: HttpRequest, identifier: str) -> bool:
    return ratelimit.exhausted(_LOCKED_ACCOUNT, account_key(identifier), limit=1) or (
        ratelimit.exhausted(_LOCKED_IP, ratelimit.client_ip(request), limit=1)
    )


def _lock(scope: str, key: str) -> None:
    # A fresh key with the lock's own lifetime: locked for the full period from now.
    ratelimit.over_limit(scope, key, limit=0, window_seconds=settings.MOTCUA_LOGIN_LOCK_SECONDS)


def record_failure(
    request: HttpRequest, identifier: str, method: str, user: User | None = None
) -> bool:
    """Count one wrong password or code; True when this failure locks the account or address."""
    key, ip = account_key(identifier), ratelimit.client_ip(request)
    window = settings.MOTCUA_LOGIN_LOCK_SECONDS
    LoginEvent.objects.create(
        user=user,
        identifier=identifier[:150],
        client_ip=ip,
        method=method,
        outcome=LoginEvent.Outcome.FAILURE,
    )
    # over_limit(limit=n - 1) answers True at the n-th failure.
    account_full = ratelimit.over_limit(
        _FAILED_ACCOUNT, key, limit=settings.MOTCUA_LOGIN_MAX_FAILURES - 1, window_seconds=window
    )
    ip_full = ratelimit.over_limit(
        _FAILED_IP, ip, limit=settings.MOTCUA_LOGIN_IP_MAX_FAILURES - 1, window_seconds=window
    )
    if account_full:
        _lock(_LOCKED_ACCOUNT, key)
        cache.delete(ratelimit._key(_FAILED_ACCOUNT, key))
    if ip_full:
        _lock(_LOCKED_IP, ip)
        cache.delete(ratelimit._key(_FAILED_IP, ip))
    if account_full or ip_full:
        LoginEvent.objects.create(
            user=user,
            identifier=identifier[:150],
            client_ip=ip,
            method=method,
            outcome=LoginEvent.Outcome.LOCKED,
        )
    return account_full or ip_full


def clear(identifier: str) -> None:
    """After a successful sign-in: the account's wrong answers are forgotten."""
    # core.ratelimit has no reset yet; this is its key format.
    cache.delete(ratelimit._key(_FAILED_ACCOUNT, account_key(identifier)))
