from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from gongkai.backoffice import nav


def backoffice(request: HttpRequest) -> dict[str, Any]:
    """The navigation, with the one entry the page belongs to marked current: the entry
    whose URL is the longest prefix of the path (``/workbench/applications/statistics/``
    belongs to 依申请公开统计, not also to 依申请公开)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [(item.label, reverse(item.url_name)) for item in nav.items_for(user)]
    matches = [
        url
        for _, url in items
        if request.path == url or (url != "/workbench/" and request.path.startswith(url))
    ]
    current = max(matches, key=len) if matches else None
    entries = [{"label": label, "url": url, "current": url == current} for label, url in items]
    return {"nav_entries": entries}
