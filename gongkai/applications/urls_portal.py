"""URLs of application_portal (filled in by its owner)."""

from django.urls import URLPattern

app_name = "application_portal"
urlpatterns: list[URLPattern] = []
