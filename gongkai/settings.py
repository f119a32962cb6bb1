"""The one settings module. Every value that differs between machines comes from the
environment (see ``.env.example``); ``gongkai.core.checks`` fails fast on bad values."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from gongkai.lib.env import envbool, envint, envlist, envstr

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

try:  # a local .env is optional; the real environment always wins
    from dotenv import load_dotenv

    load_dotenv(BASE_DIR / ".env", override=False)
except ImportError:  # pragma: no cover
    pass

VAR_DIR = Path(envstr("GONGKAI_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

GONGKAI_ENV = envstr("GONGKAI_ENV", "development")
IS_PRODUCTION = GONGKAI_ENV == "production"
try:
    DEBUG = envbool("GONGKAI_DEBUG", False)
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None


def _secret_key() -> str:
    key = envstr("SECRET_KEY")
    if key or IS_PRODUCTION:
        return key  # an empty key in production is reported by the system check
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "gongkai.core",
    "gongkai.audit",
    "gongkai.accounts",
    "gongkai.agencies",
    "gongkai.workdays",
    "gongkai.backoffice",
    "gongkai.portal",
    "gongkai.reports",
    "gongkai.pii",
    "gongkai.search",
    "gongkai.publishing",
    "gongkai.applications",
    "gongkai.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "ninja",  # serves the OpenAPI page's assets locally (no CDN)
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
    "gongkai.core.middleware.ChineseMethodNotAllowedMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
                "gongkai.backoffice.context_processors.backoffice",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL")
try:
    DATABASES: dict[str, Any] = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)
        if DATABASE_URL
        else {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "gongkai.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL ({exc}). Set it to "
        "postgres://USER:PASSWORD@HOST:5432/NAME, or unset it for SQLite in var/."
    ) from None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, login throttling --------------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
CACHES: dict[str, Any] = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}
LOGIN_FAILURE_LIMIT = envint("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = envint("GONGKAI_LOGIN_LOCKOUT_SECONDS", 15 * 60)

# --- documents and personal data ------------------------------------------------------
GONGKAI_MAX_ATTACHMENT_MB = envint("GONGKAI_MAX_ATTACHMENT_MB", 20)
# One mask policy for the whole platform ("first,last" digits kept); stricter only.
GONGKAI_PII_ID_KEEP = envstr("GONGKAI_PII_ID_KEEP", "6,4")
GONGKAI_PII_MOBILE_KEEP = envstr("GONGKAI_PII_MOBILE_KEEP", "3,4")
GONGKAI_PII_BANK_CARD_KEEP = envstr("GONGKAI_PII_BANK_CARD_KEEP", "0,4")
# Column freshness periods in days (rules.md §5.2): 动态要闻, 通知公告政策文件, 人事规划.
GONGKAI_FRESHNESS_DAYS_NEWS = envint("GONGKAI_FRESHNESS_DAYS_NEWS", 14)
GONGKAI_FRESHNESS_DAYS_NOTICE_POLICY = envint("GONGKAI_FRESHNESS_DAYS_NOTICE_POLICY", 183)
GONGKAI_FRESHNESS_DAYS_PERSONNEL_PLAN = envint("GONGKAI_FRESHNESS_DAYS_PERSONNEL_PLAN", 365)

# --- disclosure on request ----------------------------------------------------------
# Whether the days between a fee notice and payment are left out of the reply period
# (rules.md §1.6, §7 item 3: believed so, unconfirmed).
GONGKAI_FEE_PAUSES_REPLY_CLOCK = envbool("GONGKAI_FEE_PAUSES_REPLY_CLOCK", True)
# Portal applications accepted per address per hour.
GONGKAI_PORTAL_APPLICATIONS_PER_HOUR = envint("GONGKAI_PORTAL_APPLICATIONS_PER_HOUR", 5)

# --- background jobs (huey) ---------------------------------------------------------
HUEY_IMMEDIATE = envbool("GONGKAI_HUEY_IMMEDIATE", False)
HUEY: dict[str, Any] = {
    "name": "gongkai",
    "immediate": HUEY_IMMEDIATE,
    "utc": False,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}

# --- auth ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 8 * 3600

# --- i18n ---------------------------------------------------------------------------
LANGUAGE_CODE = envstr("LANGUAGE_CODE", "zh-hans")
TIME_ZONE = envstr("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static files -------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
# Source maps are never fetched by users; compressing the API docs' 5 MB of maps with
# brotli made every `gongkai serve` start take ~15 s.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "map"),
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # hashed file names (long cache lifetimes) need `collectstatic`, which `gongkai
        # serve` runs; elsewhere (tests, runserver) plain names work without it
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("GONGKAI_STATIC_MANIFEST", IS_PRODUCTION)
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

# --- email --------------------------------------------------------------------------
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# --- security -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = envbool("GONGKAI_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports each rendering step at INFO; only its problems matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
