"""A small fixed-window rate limit on top of Django's cache.

With several server processes, point CACHES at a shared cache (database or Redis) so that the
limit holds across them; the default local-memory cache counts per process.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def over_limit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True when this key has made more than ``limit`` in the window."""
    name = f"ratelimit:{scope}:{key}"
    if cache.add(name, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window_seconds)
        return False
    return count > limit
