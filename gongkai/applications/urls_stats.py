"""URLs of application_stats (filled in by its owner)."""

from django.urls import URLPattern

app_name = "application_stats"
urlpatterns: list[URLPattern] = []
