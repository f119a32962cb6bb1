"""System checks: fail fast on bad environment values, saying what to set."""

from __future__ import annotations

import zoneinfo
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Error, Tags, register

KNOWN_ENVS = ("development", "production", "test")


@register(Tags.security, deploy=False)
def check_environment(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    if settings.GONGKAI_ENV not in KNOWN_ENVS:
        errors.append(
            Error(
                f"GONGKAI_ENV={settings.GONGKAI_ENV!r} is not known.",
                hint="Set GONGKAI_ENV to development, production or test.",
                id="gongkai.E001",
            )
        )
    if settings.IS_PRODUCTION:
        if not settings.SECRET_KEY or len(settings.SECRET_KEY) < 32:
            errors.append(
                Error(
                    "SECRET_KEY is missing or shorter than 32 characters in production.",
                    hint="Set SECRET_KEY to a long random string, e.g. the output of "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
                    id="gongkai.E002",
                )
            )
        if not settings.ALLOWED_HOSTS:
            errors.append(
                Error(
                    "ALLOWED_HOSTS is empty in production.",
                    hint="Set ALLOWED_HOSTS to the site's host names, comma-separated.",
                    id="gongkai.E003",
                )
            )
    try:
        zoneinfo.ZoneInfo(settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors.append(
            Error(
                f"TIME_ZONE={settings.TIME_ZONE!r} is not a time zone.",
                hint="Set TIME_ZONE=Asia/Shanghai (or another IANA zone name).",
                id="gongkai.E004",
            )
        )
    if settings.REDIS_URL and urlparse(settings.REDIS_URL).scheme not in ("redis", "rediss"):
        errors.append(
            Error(
                f"REDIS_URL={settings.REDIS_URL!r} is not a redis:// URL.",
                hint="Set REDIS_URL=redis://127.0.0.1:6379/0, or unset it to use SQLite.",
                id="gongkai.E005",
            )
        )
    engine = settings.DATABASES["default"].get("ENGINE", "")
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        errors.append(
            Error(
                f"DATABASE_URL selects {engine!r}; gongkai supports SQLite and PostgreSQL.",
                hint="Set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME, "
                "or unset it for SQLite in var/.",
                id="gongkai.E006",
            )
        )
    if settings.LANGUAGE_CODE != "zh-hans":
        errors.append(
            Error(
                f"LANGUAGE_CODE={settings.LANGUAGE_CODE!r}: the interface is Simplified Chinese.",
                hint="Set LANGUAGE_CODE=zh-hans or leave it unset.",
                id="gongkai.E007",
            )
        )
    return errors
