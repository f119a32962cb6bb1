"""A small fixed-window rate limit in the cache, for public forms."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "-"))


def allow(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit for ``key`` in ``scope``; False once ``limit`` hits fall in the window."""
    name = f"ratelimit:{scope}:{key}"
    if cache.add(name, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window_seconds)
        return True
    return count <= limit
