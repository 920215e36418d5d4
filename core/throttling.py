"""Rate limits of the API (kept apart from the views: DRF imports these while defining APIView).

They count in the same shared cache as core.ratelimit and identify anonymous clients by
:func:`core.net.client_ip` — never by DRF's own reading of X-Forwarded-For, which takes the whole header a
client writes (so a random header per request would be a fresh client each time).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from .net import client_ip
from .ratelimit import limited


class _LiveRate:
    """Read the rate from the current settings at each request (so an override applies at once), and count
    in a fixed window through :func:`core.ratelimit.limited` — one INCR per request — instead of DRF's list of
    every request time in the window, read and rewritten whole on each request."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return not limited(key, f"api-{self.scope}", self.num_requests, self.duration)

    def wait(self):
        """Seconds until the window surely ends (a fixed window keeps no request times)."""
        return self.duration


class AnonThrottle(_LiveRate, AnonRateThrottle):
    """Anonymous clients, by address: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]``."""


class UserThrottle(_LiveRate, UserRateThrottle):
    """Token and session clients, by account: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"]``.

    Anonymous clients are not counted here (:class:`AnonThrottle` counts them by address): one count per
    request, not two round trips to the cache for the same address."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class HeavyPageThrottle(_LiveRate, SimpleRateThrottle):
    """Large pages (``page_size`` over :data:`HEAVY_PAGE_SIZE`) and CSV exports, per account or address:
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["heavy"]``, on top of the anon/user rates."""

    scope = "heavy"

    def get_cache_key(self, request, view):
        if not _is_heavy(request):
            return None  # not counted
        who = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": who}


HEAVY_PAGE_SIZE = 100


def _is_heavy(request) -> bool:
    params = request.query_params
    if params.get("format") == "csv":
        return True
    try:
        return int(params.get("page_size", 0)) > HEAVY_PAGE_SIZE
    except (TypeError, ValueError):
        return False
