"""Settings come from the environment: the embedded default, production's demands, PostgreSQL and Redis.

Each case loads the settings in a fresh interpreter with a controlled environment, since settings are read
once per process. The docker-compose file is checked by parsing it (Docker does not run in CI).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
KEY = "kVJ3uG0yq1oR6k8mX9cP2sW4tZ7aB5dE3fH6jL8nQ0s="  # a Fernet key (tests only)

# Variables the settings read; cleared so the developer's or CI's own environment does not leak in.
SETTINGS_VARS = (
    "PORTAL_ENV",
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "CONN_MAX_AGE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_BACKEND",
    "PORTAL_BASE_URL",
    "FIELD_ENCRYPTION_KEYS",
    "FIELD_HASH_KEY",
    "DJANGO_SETTINGS_MODULE",
    "PYTEST_XDIST_WORKER",  # a parallel test process gets its own Redis database (config/settings.py)
)

READ_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from config.celery import app
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"),
    "DB_NAME": str(settings.DATABASES["default"]["NAME"]),
    "DB_HOST": settings.DATABASES["default"].get("HOST"),
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "BROKER_URL": settings.CELERY_BROKER_URL,
    "ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "APP_BROKER_URL": app.conf.broker_url,
    "APP_ALWAYS_EAGER": app.conf.task_always_eager,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
}))
"""


def run_python(code: str, **env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def load_settings(**env_vars: str) -> dict:
    result = run_python(READ_SETTINGS, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the embedded default ------------------------------------------------------------------------------------
def test_default_is_embedded():
    s = load_settings()
    assert s["DEBUG"] is True
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert s["CONN_MAX_AGE"] == 0
    assert s["CACHE_BACKEND"].endswith("LocMemCache")
    assert s["BROKER_URL"].startswith("memory://")
    assert s["ALWAYS_EAGER"] is True and s["APP_ALWAYS_EAGER"] is True
    assert s["EMAIL_BACKEND"].endswith("console.EmailBackend")


# -- production ----------------------------------------------------------------------------------------------
def test_production_refuses_to_start_without_secret_key():
    result = run_python("import django; django.setup()", PORTAL_ENV="production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_an_empty_secret_key():
    result = run_python("import django; django.setup()", PORTAL_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_starts_with_a_secret_key():
    s = load_settings(
        PORTAL_ENV="production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="gongkai.example.gov.cn",
        PORTAL_BASE_URL="https://gongkai.example.gov.cn",
        FIELD_ENCRYPTION_KEYS=KEY,
    )
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == ["gongkai.example.gov.cn"]
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


DEMO_AND_BENCH = """
import json
import django
django.setup()
from django.apps import apps
from django.core.management import get_commands
tools = ("load_demo", "demo_accounts", "generate_scale_data")
print(json.dumps({
    "demo": apps.is_installed("demo"),
    "bench": apps.is_installed("bench"),
    "commands": sorted(name for name in get_commands() if name in tools),
}))
"""


def test_demo_and_bench_are_installed_outside_production_only():
    def installed(**env_vars: str) -> dict:
        result = run_python(DEMO_AND_BENCH, **env_vars)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    development = installed()
    assert development == {
        "demo": True,
        "bench": True,
        "commands": ["demo_accounts", "generate_scale_data", "load_demo"],
    }
    production = installed(
        PORTAL_ENV="production",
        SECRET_KEY="x" * 50,
        PORTAL_BASE_URL="https://gongkai.example.gov.cn",
        FIELD_ENCRYPTION_KEYS=KEY,
    )
    assert production == {"demo": False, "bench": False, "commands": []}


def test_production_refuses_to_start_without_its_encryption_keys():
    result = run_python(
        "import django; django.setup()",
        PORTAL_ENV="production",
        SECRET_KEY="x" * 50,
        PORTAL_BASE_URL="https://gongkai.example.gov.cn",
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set in production" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    # Subscription mails, QR codes and board sheets would otherwise link to localhost.
    result = run_python("import django; django.setup()", PORTAL_ENV="production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "PORTAL_BASE_URL must be set in production" in result.stderr


# -- PostgreSQL and Redis ------------------------------------------------------------------------------------
def test_database_url_postgres_keeps_connections():
    s = load_settings(DATABASE_URL="postgres://portal:secret@db.example:5432/portal")
    assert s["ENGINE"] == "django.db.backends.postgresql"
    assert s["DB_NAME"] == "portal" and s["DB_HOST"] == "db.example"
    assert s["CONN_MAX_AGE"] > 0
    assert s["CONN_HEALTH_CHECKS"] is True


def test_conn_max_age_is_configurable():
    s = load_settings(DATABASE_URL="postgres://portal:secret@db.example:5432/portal", CONN_MAX_AGE="30")
    assert s["CONN_MAX_AGE"] == 30


def test_redis_url_switches_cache_and_broker_and_turns_eager_off():
    url = "redis://redis.example:6379/0"
    s = load_settings(REDIS_URL=url)
    assert s["CACHE_BACKEND"].endswith(
        "RedisCache"
    )  # core.cache.FailOpenRedisCache: a Redis outage fails open
    assert s["CACHE_LOCATION"] == url
    assert s["BROKER_URL"] == url and s["APP_BROKER_URL"] == url
    assert s["ALWAYS_EAGER"] is False and s["APP_ALWAYS_EAGER"] is False


def test_eager_can_be_forced_with_redis():
    """What CI does on PostgreSQL: a Redis cache, but tasks still run in-process."""
    s = load_settings(REDIS_URL="redis://127.0.0.1:6379/0", CELERY_TASK_ALWAYS_EAGER="1")
    assert s["CACHE_BACKEND"].endswith("RedisCache")
    assert s["ALWAYS_EAGER"] is True and s["APP_ALWAYS_EAGER"] is True


# -- docker-compose.yml --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def compose():
    yaml = pytest.importorskip("yaml")
    raw = (REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    return {"raw": raw, "data": yaml.safe_load(raw)}


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_compose_has_the_five_services(compose):
    assert set(compose["data"]["services"]) == {"postgres", "redis", "web", "worker", "beat"}


def test_compose_postgres_is_utf8_with_pg_trgm(compose):
    postgres = compose["data"]["services"]["postgres"]
    assert postgres["image"].startswith("postgres:15")
    assert "UTF8" in postgres["environment"]["POSTGRES_INITDB_ARGS"]
    (mount,) = postgres["configs"]
    assert mount["target"].startswith("/docker-entrypoint-initdb.d/") and mount["target"].endswith(".sql")
    init_sql = compose["data"]["configs"][mount["source"]]["content"]
    assert "CREATE EXTENSION IF NOT EXISTS pg_trgm" in init_sql
    assert "healthcheck" in postgres and "healthcheck" in compose["data"]["services"]["redis"]


def test_compose_web_migrates_then_runs_gunicorn(compose):
    web = compose["data"]["services"]["web"]
    command = command_text(web)
    assert command.index("manage.py migrate") < command.index("gunicorn config.wsgi")
    assert "-w 3" in command and "-b 0.0.0.0:8000" in command
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"


def test_compose_worker_and_beat(compose):
    services = compose["data"]["services"]
    assert command_text(services["worker"]).startswith("celery -A config worker")
    beat = command_text(services["beat"])
    assert beat.startswith("celery -A config beat")
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_compose_app_services_run_in_production(compose, name):
    service = compose["data"]["services"][name]
    env = service["environment"]
    assert service["build"] == "."
    assert env["PORTAL_ENV"] == "production"
    assert env["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY}"  # required, never a default
    assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert "ALLOWED_HOSTS" in env


def test_compose_secrets_have_no_defaults(compose):
    raw = compose["raw"]
    assert "${SECRET_KEY:-" not in raw and "${SECRET_KEY}" not in raw
    assert "${POSTGRES_PASSWORD:-" not in raw


def test_dockerfile_builds_the_production_image():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim-bookworm" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-wqy-microhei"):
        assert package in dockerfile
    assert "pip install ." in dockerfile
    assert "collectstatic" in dockerfile
    dockerignore = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for excluded in (".git", ".venv", ".env", "db.sqlite3"):
        assert excluded in dockerignore


def test_the_web_worker_loads_the_segmenter_dictionary_at_start():
    """gunicorn's worker (config.wsgi) loads jieba's dictionary before serving, so the first search of each
    worker does not wait seconds for it; the long-lived objects are frozen out of the collector's reach."""
    result = run_python(
        "import gc, config.wsgi, jieba; print(jieba.dt.initialized, gc.get_freeze_count() > 0)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True"
