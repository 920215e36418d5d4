"""Headers (issue 15, 4): a Content-Security-Policy without inline script on every page, the vendored Swagger
UI included; HSTS, SSL redirect and the secure proxy header in production; `check --deploy` clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']|javascript:", re.I)


@pytest.mark.parametrize("path", ["/", "/search/?q=学校", "/units/", "/api/docs/", "/admin/login/", "/foi/"])
def test_pages_carry_a_csp_without_unsafe_inline_script(client, d, path):
    response = client.get(path)
    assert response.status_code == 200, path
    policy = response["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html).group(0)
    assert response["X-Content-Type-Options"] == "nosniff"


def test_swagger_ui_assets_are_served_from_this_site(client):
    html = client.get("/api/docs/").content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources and all(src.startswith("/") and not src.startswith("//") for src in sources)


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        PORTAL_ENV="production",
        SECRET_KEY="prod-test-" + "k7Qz9xW2mN4vB8pL1rT6yH3jF5dS0aG" * 2,
        ALLOWED_HOSTS="gongkai.example.gov.cn",
        PORTAL_BASE_URL="https://gongkai.example.gov.cn",
        FIELD_ENCRYPTION_KEYS="kVJ3uG0yq1oR6k8mX9cP2sW4tZ7aB5dE3fH6jL8nQ0s=",
        REDIS_URL="redis://127.0.0.1:1/0",
        DEBUG="0",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    """On a database not yet migrated (a clean checkout, as in CI): the checks, the API schema's included,
    must not read a table."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=_production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_switch_on_https_protections():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE,"
        "s.CSRF_COOKIE_SECURE, s.SESSION_ENGINE, s.CACHES['default']['BACKEND']]))"
    )
    env = _production_env(DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    import json

    ssl, hsts, proxy, session_secure, csrf_secure, engine, cache = json.loads(
        out.stdout.strip().splitlines()[-1]
    )
    assert ssl is True and hsts >= 31536000 and proxy == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert session_secure and csrf_secure
    assert engine.endswith("cached_db") and cache == "core.cache.FailOpenRedisCache"
    # each is switchable by its documented environment variable
    env = _production_env(
        DJANGO_SETTINGS_MODULE="config.settings", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert json.loads(out.stdout.strip().splitlines()[-1])[:2] == [False, 0]


def test_healthz_is_exempt_from_the_ssl_redirect(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/units/").status_code == 301
