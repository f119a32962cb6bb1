from django.urls import path

from gongkai.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("history/<str:label>/<int:pk>/", views.record_history, name="history"),
]
