"""URLs of application_letters (filled in by its owner)."""

from django.urls import URLPattern

app_name = "application_letters"
urlpatterns: list[URLPattern] = []
