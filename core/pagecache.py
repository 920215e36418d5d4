"""The public pages' cache: whole rendered pages, keyed by a data version that publishing bumps.

``cached_page`` caches a view's HTML per path, display mode and version. A cached page is shared by all
visitors, so the CSRF token in its forms is rendered as a placeholder and swapped for the visitor's own
token on the way out. Pages are not cached for logged-in staff or while a flash message is waiting.

The version lives in the cache itself; :func:`bump_version` (connected by the public site, portal/signals.py,
to publication saves, catalog edition approval and unit/service point changes) makes every cached page stale.
"""

from __future__ import annotations

import functools
import hashlib

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

VERSION_KEY = "portal:pages:version"
CSRF_PLACEHOLDER = "__PORTAL_CSRF_PLACEHOLDER__"
PAGE_TIMEOUT = 60 * 15
MODE_COOKIE = "portal_mode"
MODES = ("standard", "elder")


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_version(*args, **kwargs) -> None:
    """Make every cached public page stale (signal receiver; takes any arguments)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def display_mode(request) -> str:
    mode = request.COOKIES.get(MODE_COOKIE, "standard")
    return mode if mode in MODES else "standard"


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def cached_page(view):
    """Cache a public view's 200 HTML responses (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"portal:page:{current_version()}:{display_mode(request)}:{path}"
        cached = cache.get(key)
        if cached is None:
            request.portal_csrf_placeholder = True
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return _with_token(request, response)
            cached = (response.content.decode(response.charset), response["Content-Type"])
            cache.set(key, cached, PAGE_TIMEOUT)
        content, content_type = cached
        response = HttpResponse(
            content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type
        )
        response["X-Portal-Cache-Version"] = str(current_version())
        return response

    return wrapper


def _with_token(request, response):
    if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
        response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response


def bump_now_and_on_commit(*args, **kwargs) -> None:
    """Bump at once, and again when the transaction commits: a page rendered meanwhile from the old rows
    is not kept under the new version (signal receiver; takes any arguments)."""
    from django.db import transaction

    bump_version()
    transaction.on_commit(bump_version)


def cached_bytes(kind: str, key: str, render, timeout: int = PAGE_TIMEOUT) -> bytes:
    """``render()``'s bytes (a PDF, an image), cached per data version and ``key``: rendered once per change
    of the published data, not once per request. The cache failing only means rendering again."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"portal:bytes:{kind}:{current_version()}:{digest}"
    data = cache.get(cache_key)
    if data is None:
        data = render()
        cache.set(cache_key, data, timeout)
    return data
