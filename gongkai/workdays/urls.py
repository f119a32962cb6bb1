from django.urls import path

from gongkai.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.schedule_list, name="schedule_list"),
    path("calculate/", views.calculate, name="calculate"),
    path("import/", views.schedule_import, name="import"),
    path("import/sample.csv", views.import_sample, name="import_sample"),
    path("<int:year>/", views.year_detail, name="year_detail"),
    path("<int:year>/notice/", views.schedule_notice, name="schedule_notice"),
    path("<int:year>/days/", views.day_set, name="day_set"),
    path("<int:year>/days/<int:pk>/remove/", views.day_remove, name="day_remove"),
]
