"""The public pages' cache: whole rendered pages, kept until the data they show changes.

``cached_page`` caches a view's HTML per path, display mode and the versions of what the page shows. A cached
page is shared by all visitors, so the CSRF token in its forms is rendered as a placeholder and swapped for the
visitor's own token on the way out. Pages are not cached for logged-in staff or while a flash message waits.

Invalidation is by record. Two kinds of version live in the cache itself:

* the global version: :func:`bump_version` (catalog edition approval, unit, contact and service point changes,
  portal/signals.py) makes every cached page stale;
* tags (``"pub:GS-2025-000001"``, ``"item:…"``, ``"unit:…"``, ``"field:…"``, ``"latest"``): a page names the
  tags it shows, up front (``cached_page(tags=…)``, from the URL) or while it renders (:func:`depends_on`,
  e.g. the items of a record); :func:`bump_tags` (a publication saved: its own, its unit's, its items' and
  fields' tags and ``latest``) makes only the pages that name them stale.
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

VERSION_KEY = "portal:pages:version"
TAG_PREFIX = "portal:tag:"
CSRF_PLACEHOLDER = "__PORTAL_CSRF_PLACEHOLDER__"
PAGE_TIMEOUT = 60 * 15
MODE_COOKIE = "portal_mode"
MODES = ("standard", "elder")


def _versions(keys: list[str]) -> dict[str, int]:
    """The versions stored under ``keys`` (one round trip), each created when missing: the global version at
    1, a tag at the clock's nanoseconds (a tag evicted and made again never takes an old value back)."""
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    for key in missing:
        cache.add(key, 1 if key == VERSION_KEY else time.time_ns(), None)
    if missing:
        found.update(cache.get_many(missing))
    return {k: found.get(k, 0) for k in keys}


def current_version() -> int:
    return _versions([VERSION_KEY])[VERSION_KEY]


def bump_version(*args, **kwargs) -> None:
    """Make every cached public page stale (signal receiver; takes any arguments)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def bump_tags(tags) -> None:
    """Make the cached pages that show any of ``tags`` stale, and only those."""
    for tag in dict.fromkeys(tags):
        key = TAG_PREFIX + tag
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, time.time_ns(), None)


def depends_on(request, *tags: str) -> None:
    """Called while a cached page renders, before it reads what ``tags`` stand for: the page is stale once
    any of them is bumped. Their versions are read now (a change during the rendering is not missed)."""
    deps = getattr(request, "portal_page_deps", None)
    if deps is None or not tags:
        return
    deps.update(_versions([TAG_PREFIX + t for t in tags]))


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


def _respond(request, content: str, content_type: str, needs_token: bool, version: int) -> HttpResponse:
    if needs_token:  # only pages with a form set the visitor's CSRF cookie
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(content, content_type=content_type)
    response["X-Portal-Cache-Version"] = str(version)
    return response


def _page_key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # one entry per interface language too (中文 / བོད་ཡིག / ꆈꌠꉙ: LocaleMiddleware chose it from the cookie)
    return f"portal:page:{display_mode(request)}:{translation.get_language() or ''}:{path}"


def cached_page(view=None, *, tags=None):
    """Cache a public view's 200 HTML responses (see the module docstring). ``tags(request, *args,
    **kwargs)`` names the tags the page shows, known from the URL; use as ``@cached_page`` or
    ``@cached_page(tags=…)``.

    One entry per path and display mode holds the page and the versions it was rendered at; a hit is one
    round trip to the cache (the entry and the current versions read together), two for a page that found
    more tags while rendering (a record's items)."""
    if view is None:
        return functools.partial(cached_page, tags=tags)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        named = [VERSION_KEY, *(TAG_PREFIX + t for t in (tags(request, *args, **kwargs) if tags else ()))]
        key = _page_key(request)
        found = cache.get_many([key, *named])
        if any(k not in found for k in named):
            found.update(_versions(named))
        versions = {k: found[k] for k in named}
        entry = found.get(key)
        if entry is not None and (
            entry[3] != versions or (entry[4] and _versions(list(entry[4])) != entry[4])
        ):
            entry = None  # rendered from older data
        if entry is None:
            request.portal_csrf_placeholder = True
            request.portal_page_deps = {}
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return _with_token(request, response)
            content = response.content.decode(response.charset)
            entry = (
                content,
                response["Content-Type"],
                CSRF_PLACEHOLDER in content,
                versions,
                request.portal_page_deps,
            )
            cache.set(key, entry, PAGE_TIMEOUT)
        return _respond(request, entry[0], entry[1], entry[2], versions[VERSION_KEY])

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


def cached_bytes(kind: str, key: str, render, timeout: int = PAGE_TIMEOUT, tags=()) -> bytes:
    """``render()``'s bytes (a PDF, an image), cached per data version, ``tags`` (see bump_tags) and ``key``:
    rendered once per change of the data, not once per request. The cache failing only means rendering
    again."""
    names = [TAG_PREFIX + t for t in tags]
    versions = _versions([VERSION_KEY, *names])
    stamp = ":".join(str(versions[k]) for k in [VERSION_KEY, *names])
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"portal:bytes:{kind}:{stamp}:{digest}"
    data = cache.get(cache_key)
    if data is None:
        data = render()
        cache.set(cache_key, data, timeout)
    return data
