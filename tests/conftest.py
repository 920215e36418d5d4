"""Fixtures shared by the whole suite.

Browser tests (``tests/browser/``, marked ``@pytest.mark.browser``) drive the Debian ``chromium`` package
through Playwright's sync API. There is no ``playwright install`` here: Chromium is launched from
``CHROMIUM_PATH`` (default ``/usr/bin/chromium``). Where it is missing the browser tests are skipped, and
``pytest -ra`` lists them with the reason.

A browser test uses pytest-django's ``live_server`` and ``@pytest.mark.django_db(transaction=True)`` so the
rows it creates are visible to the server thread, e.g.::

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_home(page, live_server):
        page.goto(live_server.url + "/")
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = REPO_ROOT / "artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Playwright waits this long (ms) for a page or an element before failing a test.
BROWSER_TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "20000"))


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        if shutil.which(CHROMIUM_PATH) is None:
            return f"Chromium not installed at {CHROMIUM_PATH}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


# -- the Redis cache starts empty ------------------------------------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def _empty_redis_cache_first():
    """On the Redis cache (CI's PostgreSQL stage; each xdist worker has a Redis database of its own, see
    config/settings.py) the run starts from an empty cache: a page an earlier run cached under the same
    versions is never served to a test. The local-memory cache (the default) starts empty in every process."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache.clear()
    yield


# -- reports, so fixtures can tell whether the test failed ---------------------------------------------------
@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# -- browser -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """``artifacts/screenshots/`` under the repository root (gitignored), created on demand."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS_DIR


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; browser tests are skipped where it is missing."""
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread; Django would refuse every ORM call made
    # here afterwards (SynchronousOnlyOperation) — including the flush after a transactional test. The
    # calls are in fact synchronous, so allow them for the rest of the session.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as exc:  # a broken install: say so instead of erroring every browser test
        playwright.stop()
        pytest.skip(f"Chromium at {CHROMIUM_PATH} did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(browser, request, screenshot_dir):
    """A fresh context (cookies, storage) per test, in Chinese, at a desktop size."""
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request, screenshot_dir):
    """A page in a fresh context. When the test fails, a screenshot is left in artifacts/screenshots/."""
    page = browser_context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid).strip("_")
    failure_shot = screenshot_dir / f"FAILED-{name}.png"
    if report is not None and report.failed and not page.is_closed():
        try:
            page.screenshot(path=str(failure_shot), full_page=True)
        except Exception:  # the screenshot is a courtesy; never mask the real failure
            pass
    elif report is not None and report.passed:
        failure_shot.unlink(missing_ok=True)  # stale from an earlier failing run
    page.close()


# -- a small district, its office and a released catalog: shared by the app test packages ---------------
@pytest.fixture
def d(db):
    """区政府 → 区教育局, 湖墅街道 (two communities), 小河街道 (one community); see tests.factories.district."""
    from tests.factories import district

    return district()


@pytest.fixture
def office(d):
    from organizations.models import Role
    from tests.factories import member

    return member(Role.OFFICE, d["gov"], "office_a")


@pytest.fixture
def meeting(d):
    """A second office user: the joint meeting that approves what ``office`` submits."""
    from organizations.models import Role
    from tests.factories import member

    return member(Role.OFFICE, d["gov"], "joint_meeting")


@pytest.fixture
def domain(db):
    from domains.models import Domain

    return Domain.objects.get(code="compulsory-education")


@pytest.fixture
def release(office, meeting, django_capture_on_commit_callbacks):
    """Approve the working copy as a new edition; the signal generates the obligations."""
    from catalog import services as catalog_services

    def _release(title="版本"):
        with django_capture_on_commit_callbacks(execute=True):
            edition = catalog_services.draft_edition(user=office, title=title)
            catalog_services.submit_edition(user=office, edition=edition)
            edition = catalog_services.approve_edition(user=meeting, edition=edition, comment="同意")
        return edition

    return _release


@pytest.fixture
def fresh_calendar_cache():
    from workdays import engine

    engine.clear_cache()
    yield
    engine.clear_cache()


# -- reference data after a flush ------------------------------------------------------------------------
def restore_reference_data() -> None:
    """The 26 fields, the working-day calendar and the three national consultation kinds come from data
    migrations; a transactional test's flush removes them for the transactional tests that follow. Put them
    back (idempotent)."""
    from importlib import import_module

    from django.apps import apps as django_apps

    from domains.models import Domain
    from workdays import engine
    from workdays.models import CalendarYear
    from workdays.services import seed_years

    if not Domain.objects.exists():
        import_module("domains.migrations.0002_reference_domains").create_reference(django_apps, None)
        import_module("domains.migrations.0003_guidelines").apply_guidelines(django_apps, None)
    if not CalendarYear.objects.exists():
        seed_years(first=2004, last=2026)
    from consultation.models import Kind

    if not Kind.objects.exists():
        import_module("consultation.migrations.0002_national_kinds").seed(django_apps, None)
    engine.clear_cache()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        restore_reference_data()
        from django.core.cache import cache

        cache.clear()  # the database starts empty: so do the rate limits and claims kept in the cache
    yield
