"""Writing events: ``record_event`` is called by every action in every app."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from gongkai.audit.models import Event

if TYPE_CHECKING:
    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable on the history page."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> Snapshot:
    """The current values of ``fields`` as people read them: foreign keys by their text,
    choice fields by their label (乡镇街道, not ``township``)."""
    out: Snapshot = {}
    for name in fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and getattr(field, "choices", None):
            out[name] = str(getattr(obj, f"get_{name}_display")())
        else:
            out[name] = _plain(getattr(obj, name))
    return out


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any], model: type[models.Model] | None = None
) -> dict[str, dict[str, Any]]:
    """``{field: {"label": 字段名, "before": …, "after": …}}`` for fields that changed.
    (Shown in the model's field order by :meth:`Event.change_rows`.)"""
    out: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        label = name
        if model is not None:
            try:
                label = str(getattr(model._meta.get_field(name), "verbose_name", name))
            except FieldDoesNotExist:  # a computed key, not a field
                label = name
        out[name] = {"label": label, "before": old, "after": new}
    return out


def record_event(
    *,
    actor: User | None,
    obj: models.Model,
    action: str,
    summary: str,
    changes: Mapping[str, Any] | None = None,
    agency: Agency | None = None,
) -> Event:
    """Append one audit event. Call it inside the action's transaction."""
    return Event.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor.display_name if actor is not None and actor.pk else "系统"),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_pk=str(obj.pk),
        object_repr=str(obj)[:200],
        agency=agency,
        action=action,
        summary=summary,
        changes=dict(changes or {}),
    )
