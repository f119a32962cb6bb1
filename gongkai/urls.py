from django.contrib import admin
from django.urls import include, path

from gongkai.api import api

admin.site.site_header = "政务公开平台 · 参考数据管理"
admin.site.site_title = "政务公开平台"

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("workbench/", include("gongkai.backoffice.urls")),
    path("workbench/agencies/", include("gongkai.agencies.urls")),
    path("workbench/staff/", include("gongkai.accounts.staff_urls")),
    path("workbench/workdays/", include("gongkai.workdays.urls")),
    path("workbench/reports/", include("gongkai.reports.urls")),
    path("workbench/documents/", include("gongkai.publishing.urls")),
    path("workbench/publishing/", include("gongkai.publishing.urls_channels")),
    path("workbench/catalogue/", include("gongkai.publishing.urls_catalogue")),
    path("workbench/applications/letters/", include("gongkai.applications.urls_letters")),
    path("workbench/applications/statistics/", include("gongkai.applications.urls_stats")),
    path("workbench/applications/", include("gongkai.applications.urls")),
    path("yishenqing/", include("gongkai.applications.urls_portal")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
