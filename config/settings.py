"""Settings, read from the environment.

Development (the default, ``PORTAL_ENV`` unset) is embedded: SQLite, Celery tasks run eagerly, the
local-memory cache, mail to the console. Production (``PORTAL_ENV=production``) needs ``SECRET_KEY`` and
takes ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (Celery broker and cache) and ``ALLOWED_HOSTS``.
"""

import os
from pathlib import Path
from typing import overload

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import beat

BASE_DIR = Path(__file__).resolve().parent.parent


@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: None = None) -> str | None: ...
def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


PORTAL_ENV = env("PORTAL_ENV", "development")
PRODUCTION = PORTAL_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env("SECRET_KEY", "")

if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production (PORTAL_ENV=production).")
    # Development only: a random key kept in an untracked file next to the project, so no key is ever
    # committed and sessions survive a restart. Production refuses to start without SECRET_KEY.
    _dev_key_file = BASE_DIR / ".dev-secret-key"
    if not _dev_key_file.exists():
        from django.core.management.utils import get_random_secret_key

        _dev_key_file.write_text("django-insecure-dev-" + get_random_secret_key(), encoding="utf-8")
    SECRET_KEY = _dev_key_file.read_text(encoding="utf-8").strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mptt",
    "simple_history",
    "django_celery_beat",
    "axes",
    # the portal's own apps
    "core",
    "workdays",
    "organizations",
    "translations",
    "domains",
    "catalog",
    "publishing",
    "foi",
    "assessment",
    "opendata",
    "participation",
    "opinion",
    "interaction",
    "consultation",
    "pilot",
    "boards",
    "portal",
]
if not PRODUCTION:
    # Outside production only: the demo district (load_demo, demo_accounts; demo/) and the bench's Django part
    # (generate_scale_data, the /bench/ baselines; bench/). No production module imports either (the
    # import-linter contract "Production code never imports the demo or the bench", pyproject.toml).
    INSTALLED_APPS += ["demo", "bench"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # the one input-cleaning rule: control characters (NUL …) in the path, query or form fields → 400
    "core.middleware.ControlCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # route-level limits (search, PDF rendering, public forms) of the one limiter, by client address
    "core.middleware.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # a staff session ends after SESSION_IDLE_SECONDS without a request (core/sessions.py)
    "core.sessions.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes asks: it turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite by default; DATABASE_URL (postgres://...) for PostgreSQL. Persistent connections keep
# PostgreSQL pages fast (without CONN_MAX_AGE every request pays a new connection).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DB_VENDOR = "postgresql" if "postgresql" in DATABASES["default"]["ENGINE"] else "sqlite"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # staff passwords (GB/T 22239-2019 level 3: length and complexity): 10 characters, letters and digits
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "core.passwords.LettersAndDigitsValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# bo and ii: the ethnic townships' languages (Django has no locale data for them; translations/languages.py adds
# them to LANG_INFO at start-up); their catalogs are locale/bo and locale/ii.
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English")), ("bo", "བོད་ཡིག"), ("ii", "ꆈꌠꉙ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Redis, when configured, is both the Celery broker and the cache.
REDIS_URL = env("REDIS_URL")
if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Parallel test processes (pytest-xdist gw0, gw1 …) each get a Redis database of their own, as each gets its
    # own test database: one process's cache.clear() or counters never reach another's.
    import re as _re

    REDIS_URL = (
        _re.sub(r"/\d+$", "", REDIS_URL.rstrip("/")) + f"/{1 + int(os.environ['PYTEST_XDIST_WORKER'][2:])}"
    )
# The cache fails open (core/cache.py): with Redis down, pages and the API answer uncached, never 500.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
                "retry_after": float(env("REDIS_RETRY_AFTER", "5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic task, in one declared table (config/beat.py); no app adds to it at start-up.
CELERY_BEAT_SCHEDULE = beat.CELERY_BEAT_SCHEDULE
# A dead broker must cost a request a second at most (the task is then kept in core.PendingTask).
CELERY_BROKER_CONNECTION_TIMEOUT = float(env("CELERY_BROKER_TIMEOUT", "1"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": float(env("CELERY_BROKER_TIMEOUT", "1")),
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}

# Sessions in the database, read through the cache: a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Signed out after this many seconds without a request (core/sessions.py; 0 turns it off).
SESSION_IDLE_SECONDS = int(env("SESSION_IDLE_SECONDS", "1800") or 0)

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (bench/soak.py counts the mails there).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# Mail is queued in core.OutgoingMail and sent by a Celery task after commit (core/mail.py).
MAIL_MESSAGE_ID_DOMAIN = env("MAIL_MESSAGE_ID_DOMAIN", "gongkai.invalid")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "政务公开平台 <noreply@gongkai.example.gov.cn>")

LOGIN_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/"

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# HTTPS and browser protections (docs/deployment.md): on by default in production, each switchable.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
if env_bool("SECURE_PROXY_SSL_HEADER", PRODUCTION):
    # Only behind a proxy that sets X-Forwarded-Proto itself (and strips the client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# The container's own health check speaks plain HTTP to 127.0.0.1.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): no inline script anywhere, the vendored assets only.
# CSP_REPORT_ONLY=1 reports violations without blocking (for trying a new page).
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

# Sign-in protection (core/logins.py). django-axes locks an account *from one address* after
# AXES_FAILURE_LIMIT failures (username and address together: wrong passwords typed elsewhere never lock the
# office out) for AXES_COOLOFF_HOURS. On top, a growing delay per account: after LOGIN_DELAY_AFTER failures
# from any addresses, each further attempt waits 2^k seconds (at most LOGIN_MAX_DELAY_SECONDS), except from an
# address the account signed in from before. The office's desk shows an account with LOGIN_ALERT_FAILURES
# failures in the last hour; the office clears it on /workspace/logins/ (organizations.logins.unlock_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.logins.AccountDelayBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "core.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_RESET_ON_SUCCESS = True
# a refused attempt (locked or delayed) is not counted: it neither extends the lock nor grows the delay
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
LOGIN_DELAY_AFTER = int(env("LOGIN_DELAY_AFTER", "10"))
LOGIN_MAX_DELAY_SECONDS = int(env("LOGIN_MAX_DELAY_SECONDS", "300"))
LOGIN_ALERT_FAILURES = int(env("LOGIN_ALERT_FAILURES", "20"))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Anonymous clients are limited per IP address; token and session clients per account.
    # Anonymous clients by core.net.client_ip (never by a forgeable X-Forwarded-For).
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonThrottle",
        "core.throttling.UserThrottle",
        "core.throttling.HeavyPageThrottle",
    ],
    # DRF's own throttles (a view's ScopedRateThrottle) read X-Forwarded-For only as far as NUM_PROXIES says.
    "NUM_PROXIES": int(env("NUM_PROXIES", "0")),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", "120/min"),
        "user": env("API_USER_RATE", "600/min"),
        # the heavy lists (large pages, JSON per row): per client, on top of anon/user
        "heavy": env("API_HEAVY_RATE", "30/min"),
    },
}

# API lists count exactly up to this many rows, then report the planner's estimate (core/api.py).
API_COUNT_LIMIT = int(env("API_COUNT_LIMIT", "1000"))

SPECTACULAR_SETTINGS = {
    "TITLE": "基层政务公开平台 API",
    "DESCRIPTION": (
        "公开事项目录、单位、服务点、公开义务与公开信息的开放接口。列表支持筛选、?search=、?ordering=、"
        "?page= / ?page_size=，以及 ?format=csv 导出。写接口使用单位令牌（Authorization: Token <令牌>）。"
        "count 在 1000 条以内为精确值，超过时为数据库估算值（count_exact 为 false）；next 链接始终准确。"
        "CSV 导出的 page_size 最大 10000（超过 500 条时流式输出），全部数据请下载开放数据包。"
        "公开义务默认按单位、事项排序。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from the vendored drf-spectacular-sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several models have a "kind" field; name the assessment round's kinds explicitly.
    "ENUM_NAME_OVERRIDES": {"AssessmentRoundKindEnum": "assessment.models.RoundKind"},
    # `check --deploy` also generates the schema and reports its warnings (tests/api/test_schema.py).
    "ENABLE_DJANGO_DEPLOY_CHECK": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# The district this installation serves, shown in the portal's header.
PORTAL_DISTRICT_NAME = env("PORTAL_DISTRICT_NAME", "拱墅区")
PORTAL_SITE_NAME = env("PORTAL_SITE_NAME", "拱墅区基层政务公开标准化规范化平台")
# The portal's public address, for links in mails, QR codes and board sheets (never localhost in production).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
if PRODUCTION and not PORTAL_BASE_URL:
    raise ImproperlyConfigured("PORTAL_BASE_URL must be set in production (links in mails and QR codes).")

# Personal data encrypted at rest (core/crypto.py): comma-separated Fernet keys, the first encrypts, all decrypt
# (rotation: docs/deployment.md). ``manage.py field_keys --new`` prints a key. Development derives one from
# SECRET_KEY; production refuses to start without its own keys.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", "")
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must be set in production (personal data is encrypted at rest; "
        "manage.py field_keys --new prints a key)."
    )
# The key of the exact-match search hashes of encrypted values (core.crypto.lookup_hash); SECRET_KEY if unset.
FIELD_HASH_KEY = env("FIELD_HASH_KEY", "") or ""
# Seconds between two pages of the service-hall big screen.
PORTAL_SCREEN_INTERVAL = int(env("PORTAL_SCREEN_INTERVAL", "20"))
# The footer of 《政府网站发展指引》: 网站标识码, ICP 备案号, 公安机关备案号, and the office's contact.
PORTAL_SITE_CODE = env("PORTAL_SITE_CODE", "3301050000")
PORTAL_ICP = env("PORTAL_ICP", "浙ICP备00000000号")
PORTAL_PSB = env("PORTAL_PSB", "浙公网安备 33010502000000号")
PORTAL_CONTACT_ADDRESS = env("PORTAL_CONTACT_ADDRESS", "杭州市拱墅区香积寺路2号 区政务公开办")
PORTAL_CONTACT_PHONE = env("PORTAL_CONTACT_PHONE", "0571-88000000")
PORTAL_CONTACT_EMAIL = env("PORTAL_CONTACT_EMAIL", "gongkai@example.gov.cn")
# Modules of other apps that feed the search index (see portal/search/documents.py); absent ones are skipped.
PORTAL_SEARCH_SOURCES = env_list("PORTAL_SEARCH_SOURCES", "foi.search_source,interaction.search_source")

# The model the API's token authentication (core.auth) looks tokens up in: core imports no feature app.
API_TOKEN_MODEL = "opendata.ApiToken"

# Where an uploaded catalog workbook waits between the admin's preview and its confirmation.
CATALOG_IMPORT_DIR = env("CATALOG_IMPORT_DIR")
# A confirmed catalog upload with more item rows than this is imported by a Celery task (progress page).
CATALOG_IMPORT_ASYNC_ROWS = int(env("CATALOG_IMPORT_ASYNC_ROWS", "300"))
# Working days before a due date when officers are reminded.
PUBLISHING_REMIND_WORKDAYS = int(env("PUBLISHING_REMIND_WORKDAYS", "3"))
# Extra column kinds of the website monitoring (field code -> kind); see publishing/monitoring.py.
PUBLISHING_COLUMN_KINDS: dict = {}
# The SMS gateway (dotted path of a backend class); the console backend by default. Staff notices go by SMS only
# when it is set (publishing.sms.configured), at most one SMS per person per window of these minutes.
SMS_BACKEND = env("SMS_BACKEND")
NOTICE_SMS_WINDOW_MINUTES = int(env("NOTICE_SMS_WINDOW_MINUTES", "60"))

# Bench-only baseline URLs (/bench/json/, /bench/one-query/, bench/urls.py) for bench/web.py; never on in
# production (where the bench app is not installed).
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", False) and not PRODUCTION

# Rate limits (count, seconds) of the one limiter in core/ratelimit.py, per client address and scope.
RATE_LIMITS = {
    "login": (int(env("RATE_LOGIN", "60")), 600),
    "subscribe": (int(env("RATE_SUBSCRIBE", "5")), 3600),
    "rating": (int(env("RATE_RATING", "5")), 3600),
    "rating_any": (int(env("RATE_RATING_ANY", "30")), 3600),
    "search": (int(env("RATE_SEARCH", "60")), 60),
    "pdf": (int(env("RATE_PDF", "20")), 60),
    # 纠错 status lookups by tracking code (a guessed code must not be cheap)
    "correction_status": (int(env("RATE_CORRECTION_STATUS", "20")), 600),
}
# Routes limited as a whole (regex on the path, scope of RATE_LIMITS[, methods]); the forms (subscriptions,
# ratings, FOI requests) count in their own views and services.
RATE_LIMITED_PATHS = [
    # sign-in attempts per address (one address trying many accounts; the per-account limits are axes')
    (r"^/admin/login/", "login", ("POST",)),
    (r"^/search/", "search", ("GET",)),
    (r"\.(pdf|docx|xlsx)$", "pdf", ("GET",)),
    (r"^/assessment/rounds/\d+/bulletin/", "pdf", ("GET",)),
]
# How many reverse proxies in front of the web tier append to X-Forwarded-For (0: trust REMOTE_ADDR only),
# or which proxies (addresses / networks, comma-separated) to trust; TRUSTED_PROXIES wins when both are set.
NUM_PROXIES = int(env("NUM_PROXIES", "0"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# /healthz answers 503 when one of these is down (the others are reported as degraded).
HEALTHZ_REQUIRED = env_list("HEALTHZ_REQUIRED", "database,disk")
# Uploads: the largest attachment and the largest total a docx/xlsx may unpack to (zip bombs).
ATTACHMENT_MAX_BYTES = int(env("ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
ATTACHMENT_MAX_UNPACKED_BYTES = int(env("ATTACHMENT_MAX_UNPACKED_MB", "100")) * 1024 * 1024
# How attachments are served: by the web process (default) or handed to nginx with X-Accel-Redirect
# after the permission check (ATTACHMENT_ACCEL_PREFIX=/protected-media/, see docs/deployment.md).
ATTACHMENT_ACCEL_PREFIX = env("ATTACHMENT_ACCEL_PREFIX", "")

# Under pytest (which sets PYTEST_VERSION) passwords hash quickly; PBKDF2 costs ~2 s a hash on small machines.
if "PYTEST_VERSION" in os.environ:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
