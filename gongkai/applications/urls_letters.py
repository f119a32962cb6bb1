"""Letters (告知书) in the back office, mounted at ``/workbench/applications/letters/``."""

from django.urls import path

from gongkai.applications import views_letters as views

app_name = "application_letters"
urlpatterns = [
    path("new/<int:application_pk>/", views.new, name="new"),
    path("templates/", views.templates, name="templates"),
    path("templates/default-layout.docx", views.default_layout, name="default_layout"),
    path("templates/variables.txt", views.variables, name="variables"),
    path("templates/<int:agency_pk>/layout/", views.layout_upload, name="layout_upload"),
    path("templates/<int:agency_pk>/layout/reset/", views.layout_reset, name="layout_reset"),
    path(
        "templates/<int:agency_pk>/layout/download/",
        views.layout_download,
        name="layout_download",
    ),
    path("templates/<int:agency_pk>/<str:kind>/edit/", views.template_edit, name="template_edit"),
    path(
        "templates/<int:agency_pk>/<str:kind>/<str:outcome>/edit/",
        views.template_edit,
        name="template_edit",
    ),
    path(
        "templates/<int:agency_pk>/<str:kind>/reset/", views.template_reset, name="template_reset"
    ),
    path(
        "templates/<int:agency_pk>/<str:kind>/<str:outcome>/reset/",
        views.template_reset,
        name="template_reset",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.update, name="update"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
