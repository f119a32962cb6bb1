"""Which records have a history page, and how to fetch one for a user.

An app registers each model with its access helper (the same one its views use),
so the history page obeys exactly the record's own permission rule::

    history.register(Agency, get_agency_for_user, lambda a: reverse(...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from gongkai.accounts.models import User


@dataclass(frozen=True)
class HistoryEntry:
    getter: Callable[[User, Any], models.Model]
    back_url: Callable[[Any], str]


_registry: dict[str, HistoryEntry] = {}


def label_for(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register(
    model: type[models.Model],
    getter: Callable[[User, Any], models.Model],
    back_url: Callable[[Any], str],
) -> None:
    _registry[label_for(model)] = HistoryEntry(getter, back_url)


def lookup(label: str) -> HistoryEntry:
    try:
        return _registry[label]
    except KeyError:
        raise Http404("没有这类记录") from None
