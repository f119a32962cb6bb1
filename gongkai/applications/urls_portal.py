"""URLs of application_portal: the public side of disclosure on request (/yishenqing/)."""

from django.urls import path

from gongkai.applications import portal_views

app_name = "application_portal"
urlpatterns = [
    path("", portal_views.apply, name="apply"),
    path("submitted/<str:code>/", portal_views.submitted, name="submitted"),
    path("track/", portal_views.track, name="track"),
    path("track/end/", portal_views.track_end, name="track_end"),
    path("letter/<int:pk>/", portal_views.letter_download, name="letter"),
]
