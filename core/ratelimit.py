"""The one rate limiter: a fixed window per (scope, key), counted in the shared cache.

Every limit of the portal (subscriptions, ratings, forms, PDF rendering) goes through :func:`limited`; the
API's DRF throttles (core/throttling.py) count in the same cache. In production the cache is Redis, so all
workers share one count.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .net import client_ip


def _key(scope: str, who: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{who}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def rate_for(scope: str, default: tuple[int, int] = (5, 3600)) -> tuple[int, int]:
    """(count, seconds) of a scope, from ``settings.RATE_LIMITS``."""
    return tuple(getattr(settings, "RATE_LIMITS", {}).get(scope, default))


def limited(
    request_or_key: HttpRequest | str, scope: str, limit: int | None = None, window: int | None = None
) -> bool:
    """Count one hit of ``scope`` for the client (a request: its address; a string: that key) and say whether
    it went past ``limit`` hits in ``window`` seconds (defaults: ``settings.RATE_LIMITS[scope]``).

    The cache failing (Redis down) never blocks a citizen: the hit is then not counted.
    """
    default_limit, default_window = rate_for(scope)
    limit = default_limit if limit is None else limit
    window = default_window if window is None else window
    who = request_or_key if isinstance(request_or_key, str) else client_ip(request_or_key)
    key = _key(scope, who)
    try:
        count = _hit(key, window)
    except Exception:  # noqa: BLE001 - a cache outage must not take the page down
        return False
    return count > limit


def _hit(key: str, window: int) -> int:
    """One more hit in the key's window: one round trip (INCR) while the window lasts, two when it opens."""
    try:
        return cache.incr(key)
    except ValueError:  # no window yet (or it just expired): open one
        if cache.add(key, 1, window):
            return 1
        return cache.incr(key)  # another worker opened it first
