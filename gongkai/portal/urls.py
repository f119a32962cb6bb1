from django.urls import path

from gongkai.portal import disclosure_urls, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_directory, name="agency_directory"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency_detail"),
]
urlpatterns += [path("report-checker/", views.report_checker, name="report_checker")]
urlpatterns += disclosure_urls.urlpatterns  # /xxgk/… and /sitemap.xml
