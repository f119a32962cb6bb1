"""Whole-page cache of the public disclosure pages, for anonymous visitors.

A cached page is stored under a key made of the current *generation* and the page's
absolute URL (scheme, host, path and query). Publishing, withdrawing or changing the
有效性 of a document calls :func:`bump_generation` after commit
(:mod:`gongkai.publishing.effects`): every key of the old generation is then simply
never read again and expires on its own, so no list of cached pages is kept.

Only what is the same for every visitor is stored: a GET by an anonymous visitor that
answered 200, set no cookie, asked for no CSRF token and showed no flash message.
Logged-in staff always get a fresh page (and never fill the cache).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase

GENERATION_KEY = "portal:page-generation"
PAGE_KEY_PREFIX = "portal:page"
#: Marks a response served from the cache (useful when looking at a page's headers).
CACHE_HEADER = "X-Gongkai-Cache"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _fresh_generation() -> int:
    """A starting generation that is larger than any earlier one, so that a generation
    counter lost from the cache (evicted, Redis restarted) never brings back pages of
    an old generation that are still stored."""
    return time.time_ns() // 1000


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY, 0)
    return int(generation)


def bump_generation() -> int:
    """Make every cached public page stale (called after each publication change)."""
    try:
        return int(cache.incr(GENERATION_KEY))
    except ValueError:  # no counter yet (or it was evicted)
        generation = _fresh_generation()
        cache.set(GENERATION_KEY, generation, timeout=None)
        return generation


def page_key(request: HttpRequest, generation: int | None = None) -> str:
    if generation is None:
        generation = current_generation()
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{generation}:{digest}"


def _is_anonymous_get(request: HttpRequest) -> bool:
    return request.method == "GET" and not request.user.is_authenticated


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries this visitor's CSRF token
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "used", False)  # it showed this visitor's messages


def cache_public_page(timeout: int = 300) -> Callable[[View], View]:
    """Cache a GET view's whole response for anonymous visitors for ``timeout``
    seconds (or until the next :func:`bump_generation`)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not _is_anonymous_get(request):
                return view(request, *args, **kwargs)
            key = page_key(request)
            cached = cache.get(key)
            if isinstance(cached, HttpResponse):
                cached[CACHE_HEADER] = "hit"
                return cached
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                cache.set(key, response, timeout)
                response[CACHE_HEADER] = "miss"
            return response

        return wrapper  # type: ignore[return-value]

    return decorator
