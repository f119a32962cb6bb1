from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from gongkai.backoffice import nav


def backoffice(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = []
    for item in nav.items_for(user):
        url = reverse(item.url_name)
        current = request.path == url or (url != "/workbench/" and request.path.startswith(url))
        entries.append({"label": item.label, "url": url, "current": current})
    return {"nav_entries": entries}
