"""Failed-login throttling: after ``LOGIN_FAILURE_LIMIT`` failures for one user name
(from any address) or from one address (for any user name) within
``LOGIN_LOCKOUT_SECONDS``, further attempts are refused until the window passes.
Counts live in the cache (Redis when ``REDIS_URL`` is set, files in var/ otherwise)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip: str) -> list[str]:
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{name}", f"login-fail:ip:{ip}"]


def is_locked(username: str, ip: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    counts = cache.get_many(_keys(username, ip))
    return any(int(value) >= limit for value in counts.values())


def record_failure(username: str, ip: str) -> None:
    for key in _keys(username, ip):
        if cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def clear(username: str, ip: str) -> None:
    """A successful login forgives earlier failures of that name and that address."""
    cache.delete_many(_keys(username, ip))
