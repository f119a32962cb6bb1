"""依申请公开统计 (mounted at /workbench/applications/statistics/)."""

from django.urls import path

from gongkai.applications import views_stats

app_name = "application_stats"

urlpatterns = [
    path("", views_stats.index, name="index"),
    path("export/", views_stats.export, name="export"),
]
