"""Deployment checks (``manage.py check --deploy``) for what Django's own checks do not cover."""

from collections.abc import Sequence
from typing import Any, cast

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register(deploy=True)
def shared_cache_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Rate limits and login lockouts count in the cache: per-process caches let each worker count alone."""
    backend = cast(str, settings.CACHES["default"]["BACKEND"])

    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return [
            Warning(
                "The default cache is per process: each worker counts rate limits alone.",
                hint="Set REDIS_URL so every worker shares one cache (docs/deployment.md).",
                id="core.W001",
            )
        ]
    return []
