from django.urls import path

from gongkai.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("new/", views.agency_create, name="create"),
    path("import/", views.agency_import, name="import"),
    path("import/template.csv", views.agency_import_template, name="import_template"),
    path("<int:pk>/", views.agency_detail, name="detail"),
    path("<int:pk>/edit/", views.agency_edit, name="edit"),
    path("<int:pk>/reading-points/new/", views.reading_point_create, name="reading_point_create"),
    path(
        "<int:pk>/reading-points/<int:point_id>/edit/",
        views.reading_point_edit,
        name="reading_point_edit",
    ),
    path(
        "<int:pk>/reading-points/<int:point_id>/delete/",
        views.reading_point_delete,
        name="reading_point_delete",
    ),
]
