"""The back-office navigation: apps add their entries here (label, URL name, who sees it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[User], bool] = lambda user: True
    order: int = 100


_items: list[NavItem] = []


def add(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)
        _items.sort(key=lambda i: i.order)


def items_for(user: User) -> list[NavItem]:
    return [item for item in _items if item.visible(user)]
