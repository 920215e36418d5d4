"""Settings, read from the environment.

Development (the default, ``PORTAL_ENV`` unset) is embedded: SQLite, Celery tasks run eagerly, the
local-memory cache, mail to the console. Production (``PORTAL_ENV=production``) needs ``SECRET_KEY`` and
takes ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (Celery broker and cache) and ``ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


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
SECRET_KEY = env("SECRET_KEY")
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
    # the portal's own apps
    "workdays",
    "organizations",
    "domains",
    "catalog",
    "publishing",
    "foi",
    "assessment",
    "opendata",
    "participation",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
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
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
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
# The schedule each app adds its nightly and daily jobs to (see portal/celery.py).
CELERY_BEAT_SCHEDULE: dict = {}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "政务公开平台 <noreply@gongkai.example.gov.cn>")

LOGIN_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/"

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Anonymous clients are limited per IP address; token and session clients per account.
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.AnonThrottle", "core.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", "120/min"),
        "user": env("API_USER_RATE", "600/min"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "基层政务公开平台 API",
    "DESCRIPTION": (
        "公开事项目录、单位、服务点、公开义务与公开信息的开放接口。列表支持筛选、?search=、?ordering=、"
        "?page= / ?page_size=，以及 ?format=csv 导出。写接口使用单位令牌（Authorization: Token <令牌>）。"
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
# Seconds between two pages of the service-hall big screen.
PORTAL_SCREEN_INTERVAL = int(env("PORTAL_SCREEN_INTERVAL", "20"))

# The model the API's token authentication (core.auth) looks tokens up in: core imports no feature app.
API_TOKEN_MODEL = "opendata.ApiToken"

# Where an uploaded catalog workbook waits between the admin's preview and its confirmation.
CATALOG_IMPORT_DIR = env("CATALOG_IMPORT_DIR")
# Working days before a due date when officers are reminded.
PUBLISHING_REMIND_WORKDAYS = int(env("PUBLISHING_REMIND_WORKDAYS", "3"))
# Extra column kinds of the website monitoring (field code -> kind); see publishing/monitoring.py.
PUBLISHING_COLUMN_KINDS: dict = {}
# The SMS gateway (dotted path of a backend class); the console backend by default.
SMS_BACKEND = env("SMS_BACKEND")

# Rate limits (count, seconds) of the one limiter in core/ratelimit.py, per client address and scope.
RATE_LIMITS = {
    "subscribe": (int(env("RATE_SUBSCRIBE", "5")), 3600),
    "rating": (int(env("RATE_RATING", "5")), 3600),
}
# How many reverse proxies in front of the web tier append to X-Forwarded-For (0: trust REMOTE_ADDR only).
NUM_PROXIES = int(env("NUM_PROXIES", "0"))

# Under pytest (which sets PYTEST_VERSION) passwords hash quickly; PBKDF2 costs ~2 s a hash on small machines.
if "PYTEST_VERSION" in os.environ:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
