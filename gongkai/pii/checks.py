"""System checks: a bad mask policy or attachment limit stops start-up, not publication."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from gongkai.lib.filetypes import max_attachment_mb
from gongkai.pii.mask import get_policy


@register()
def check_pii_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    try:
        get_policy()
    except ImproperlyConfigured as exc:
        errors.append(
            Error(
                str(exc),
                hint="Masks may only be as strict as the platform default or stricter.",
                id="gongkai.pii.E001",
            )
        )
    try:
        size = max_attachment_mb()
    except (TypeError, ValueError):
        size = 0
    if size <= 0:
        errors.append(
            Error(
                "GONGKAI_MAX_ATTACHMENT_MB must be a positive whole number of megabytes.",
                id="gongkai.pii.E002",
            )
        )
    return errors
