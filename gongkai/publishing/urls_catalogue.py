"""Guides, columns, themes and the freshness check (mounted at ``workbench/catalogue/``)."""

from django.urls import path

from gongkai.publishing import views_catalogue as views

app_name = "publishing_catalogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("freshness/", views.freshness_check, name="freshness"),
    # guides
    path("agencies/<int:agency_id>/guide/", views.guide, name="guide"),
    path("agencies/<int:agency_id>/guide/edit/", views.guide_edit, name="guide_edit"),
    path("agencies/<int:agency_id>/guide/diff/", views.guide_diff, name="guide_diff"),
    path("guides/<int:pk>/", views.guide_version, name="guide_version"),
    path("guides/<int:pk>/publish/", views.guide_publish, name="guide_publish"),
    path("guides/<int:pk>/discard/", views.guide_discard, name="guide_discard"),
    # columns
    path("agencies/<int:agency_id>/columns/", views.columns, name="columns"),
    path("agencies/<int:agency_id>/columns/new/", views.column_create, name="column_create"),
    path(
        "agencies/<int:agency_id>/columns/defaults/",
        views.columns_default,
        name="columns_default",
    ),
    path("columns/<int:pk>/edit/", views.column_edit, name="column_edit"),
    path("columns/<int:pk>/move/<str:direction>/", views.column_move, name="column_move"),
    path("columns/<int:pk>/deactivate/", views.column_deactivate, name="column_deactivate"),
    path("columns/<int:pk>/reactivate/", views.column_reactivate, name="column_reactivate"),
    path("columns/<int:pk>/delete/", views.column_delete, name="column_delete"),
    # themes
    path("themes/", views.themes, name="themes"),
    path("themes/new/", views.theme_create, name="theme_create"),
    path("themes/<int:pk>/edit/", views.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/deactivate/", views.theme_deactivate, name="theme_deactivate"),
    path("themes/<int:pk>/reactivate/", views.theme_reactivate, name="theme_reactivate"),
]
