from django.urls import path

from gongkai.accounts import staff_views as views

app_name = "staff"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("new/", views.staff_create, name="create"),
    path("<int:pk>/edit/", views.staff_edit, name="edit"),
    path("<int:pk>/password/", views.staff_reset_password, name="reset_password"),
]
