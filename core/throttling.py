"""Rate limits of the API (kept apart from the views: DRF imports these while defining APIView)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    """Read the rate from the current settings at each request (so an override applies at once)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    """Anonymous clients, by IP address: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]``."""


class UserThrottle(_LiveRate, UserRateThrottle):
    """Token and session clients, by account: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"]``."""
