"""The back-office home page's to-do list.

Each app contributes items by registering a provider, a function that takes the
user and today's date and returns :class:`Todo` items for that user::

    @todos.provider
    def holiday_schedule_missing(user, today): ...

Providers are registered from their app's ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from gongkai.accounts.models import User

Level = Literal["info", "warning", "danger"]
_LEVEL_ORDER = {"danger": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Todo:
    title: str
    detail: str = ""
    url: str = ""
    level: Level = "info"
    due: datetime.date | None = None


Provider = Callable[["User", datetime.date], Iterable[Todo]]
_providers: list[Provider] = []


def provider(func: Provider) -> Provider:
    if func not in _providers:
        _providers.append(func)
    return func


def todos_for(user: User, today: datetime.date) -> list[Todo]:
    items = [item for func in _providers for item in func(user, today)]
    return sorted(items, key=lambda t: (_LEVEL_ORDER[t.level], t.due or datetime.date.max))
