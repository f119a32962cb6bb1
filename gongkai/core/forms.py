"""Helpers shared by every app's forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(
    form: forms.BaseForm, exc: ValidationError, *, default_field: str | None = None
) -> None:
    """Show an action's ``ValidationError`` on the form: field errors on their fields
    (when the form has them), everything else on ``default_field`` or the form itself."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, exc.messages)
