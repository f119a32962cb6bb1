"""The JSON API (django-ninja); OpenAPI documentation at /api/docs.

Each app keeps its endpoints in its own ``api.py`` router; this module only mounts them.
"""

from ninja import NinjaAPI

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
