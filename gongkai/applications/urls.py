"""URLs of applications (filled in by its owner)."""

from django.urls import URLPattern

app_name = "applications"
urlpatterns: list[URLPattern] = []
