from django.urls import path

from gongkai.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("new/", views.batch_create, name="batch_create"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("figures/<int:pk>/", views.figures_detail, name="figures_detail"),
    path("<int:pk>/export.xlsx", views.batch_export, name="batch_export"),
    path("<int:pk>/reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("<int:pk>/reports/<int:report_id>/import/", views.import_figures, name="import_figures"),
]
