"""A small fixed-window rate limit on top of Django's cache.

With several server processes, point CACHES at a shared cache (database or Redis) so that the
limit holds across them; the default local-memory cache counts per process.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as a rate-limit key.

    Behind ``MOTCUA_TRUSTED_PROXIES`` reverse proxies, the address comes from that position of
    X-Forwarded-For (counted from the right: what our own proxies appended). IPv6 clients are
    grouped by /64, the block one subscriber usually holds.
    """
    address = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.MOTCUA_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _key(scope: str, key: str) -> str:
    return f"ratelimit:{scope}:{key}"


def hit(scope: str, key: str, *, window_seconds: int) -> int:
    """Count one attempt; how many this key has made in the window, this one included.

    The count is taken before the attempt is judged (one atomic add or incr), so that parallel
    requests cannot all slip under a limit; ``refund`` gives back an attempt that turned out not
    to count.
    """
    name = _key(scope, key)
    if cache.add(name, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(name))
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window_seconds)
        return 1


def refund(scope: str, key: str) -> None:
    """Give back one attempt counted by ``hit`` (the window keeps running)."""
    try:
        cache.decr(_key(scope, key))
    except ValueError:  # the window has ended meanwhile: nothing left to give back
        pass


def over_limit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True when this key has made more than ``limit`` in the window."""
    return hit(scope, key, window_seconds=window_seconds) > limit


def exhausted(scope: str, key: str, *, limit: int) -> bool:
    """True when ``key`` has already used up its attempts (without counting one more)."""
    return int(cache.get(_key(scope, key), 0)) >= limit
