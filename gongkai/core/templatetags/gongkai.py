"""Small formatting filters shared by every app's templates."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

register = template.Library()

WEEKDAYS = "一二三四五六日"


@register.filter
def cn_date(value: datetime.date | None) -> str:
    """2024-10-30 → 2024年10月30日."""
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_weekday(value: datetime.date | None) -> str:
    if not isinstance(value, datetime.date):
        return ""
    return "星期" + WEEKDAYS[value.weekday()]


@register.filter
def show_value(value: Any) -> str:
    """An audit before/after value, with empty values shown as a dash."""
    if value in (None, "", [], {}):
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ labels|get_item:code }}``: a dictionary value by a variable key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
