"""``/healthz``: each dependency checked with a short timeout; 503 when one the site needs is down.

The site needs the database and a writable media disk; without the cache (Redis) it answers slower and
without the broker its background work waits in the database (core.tasks.ResilientTask), so those two are
reported as ``degraded`` and the answer stays 200. ``HEALTHZ_REQUIRED`` (settings) names the required ones.
"""

from __future__ import annotations

import shutil
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

#: Below this many free bytes on the media disk, uploads would fail: the disk counts as down.
MIN_FREE_BYTES = 100 * 1024 * 1024


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def check_cache() -> str:
    backend = cache
    if hasattr(backend, "ping"):
        if not backend.ping():
            raise ConnectionError("redis does not answer")
        return "redis"
    key = f"healthz:{uuid.uuid4().hex}"
    backend.set(key, 1, 5)
    if backend.get(key) != 1:
        raise ConnectionError("cache does not keep values")
    backend.delete(key)
    return type(backend).__name__


def check_broker() -> str:
    from celery import current_app

    if current_app.conf.task_always_eager:
        return "eager"
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
    return "ok"


def check_disk() -> str:
    root = settings.MEDIA_ROOT
    root.mkdir(parents=True, exist_ok=True)
    probe = root / f".healthz-{uuid.uuid4().hex}"
    probe.write_bytes(b"ok")
    probe.unlink()
    free = shutil.disk_usage(root).free
    if free < MIN_FREE_BYTES:
        raise OSError(f"only {free // (1024 * 1024)} MB free")
    return f"{free // (1024 * 1024)} MB free"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "disk": check_disk}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    required = set(getattr(settings, "HEALTHZ_REQUIRED", ("database", "disk")))
    report: dict[str, dict[str, object]] = {}
    failed_required = False
    degraded = False
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail = check()
            entry: dict[str, object] = {"status": "ok", "detail": detail}
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none raised
            entry = {"status": "down", "detail": f"{type(exc).__name__}: {exc}"[:200]}
            if name in required:
                failed_required = True
            else:
                degraded = True
        entry["ms"] = round((time.monotonic() - started) * 1000, 1)
        entry["required"] = name in required
        report[name] = entry
    status = "down" if failed_required else ("degraded" if degraded else "ok")
    return JsonResponse({"status": status, "checks": report}, status=503 if failed_required else 200)
