from django.urls import path

from gongkai.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.schedule_list, name="schedule_list"),
]
