"""Answers Django and django-ninja leave empty or in English, in Chinese.

A request with a method the URL does not take (a GET on a POST-only step, say) gets an
empty 405 from ``require_POST`` and a plain-text "Method not allowed" from the API. This
middleware gives both a message people can read: JSON ``{"detail": …}`` under
``/api/``, a page elsewhere. The ``Allow`` header is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

METHOD_NOT_ALLOWED = "不支持该请求方式"


class ChineseMethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405:
            return response
        allow = response.get("Allow", "")
        detail = f"{METHOD_NOT_ALLOWED}（{request.method}）"
        if allow:
            detail += f"，该地址只接受 {allow}"
        new: HttpResponse
        if request.path.startswith("/api/"):
            new = JsonResponse({"detail": detail}, status=405)
        else:
            page = render_to_string("405.html", {"detail": detail}, request=request)
            new = HttpResponse(page, status=405)
        if allow:
            new["Allow"] = allow
        return new
