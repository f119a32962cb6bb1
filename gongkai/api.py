"""The JSON API (django-ninja); OpenAPI documentation at /api/docs.

Each app keeps its endpoints in its own ``api.py`` router; this module only mounts them
and puts django-ninja's own English error messages (authentication, CSRF, unreadable
body, throttling) into Chinese, so every error a client sees is one users can read.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from gongkai.agencies.api import router as agencies_router
from gongkai.applications.api import router as applications_router
from gongkai.publishing.api import router as documents_router
from gongkai.reports.api import router as reports_router
from gongkai.workdays.api import router as workdays_router

api = NinjaAPI(title="gongkai 政务公开平台 API", version="1", urls_namespace="api")
api.add_router("/v1/agencies", agencies_router)
api.add_router("/v1/workdays", workdays_router)
api.add_router("/v1/reports", reports_router)
api.add_router("/v1/documents", documents_router)
api.add_router("/v1/applications", applications_router)

#: django-ninja's messages (by their start) and what we say instead.
NINJA_MESSAGES = {
    "Unauthorized": "请先登录（工作人员接口使用登录后的会话 Cookie）",
    "CSRF check Failed": "CSRF 校验失败：请在请求头 X-CSRFToken 中携带 csrftoken Cookie 的值",
    "Cannot parse request body": "请求内容无法解析：请以 JSON 格式提交",
    "Forbidden": "没有权限进行此操作",
    "Too many requests.": "请求过于频繁，请稍后再试",
}


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    for english, chinese in NINJA_MESSAGES.items():
        if message.startswith(english):
            message = chinese
            break
    return api.create_response(request, {"detail": message}, status=exc.status_code)
