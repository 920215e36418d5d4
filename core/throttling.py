"""Rate limits of the API (kept apart from the views: DRF imports these while defining APIView).

They count in the same shared cache as core.ratelimit and identify anonymous clients by
:func:`core.net.client_ip` — never by DRF's own reading of X-Forwarded-For, which takes the whole header a
client writes (so a random header per request would be a fresh client each time).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from .net import client_ip


class _LiveRate:
    """Read the rate from the current settings at each request (so an override applies at once)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    """Anonymous clients, by address: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]``."""


class UserThrottle(_LiveRate, UserRateThrottle):
    """Token and session clients, by account: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"]``."""


class ScopedThrottle(_LiveRate, ScopedRateThrottle):
    """A view's own ``throttle_scope`` (e.g. the heavy list endpoints), by account or address."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
