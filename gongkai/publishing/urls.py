from django.urls import path

from gongkai.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/submit/", views.document_submit, name="submit"),
    path("<int:pk>/review/", views.document_review, name="review"),
    path("<int:pk>/return/", views.document_return, name="return"),
    path("<int:pk>/approve/", views.document_approve, name="approve"),
    path("<int:pk>/withdraw/", views.document_withdraw, name="withdraw"),
    path("<int:pk>/validity/", views.document_validity, name="validity"),
    path("<int:pk>/channels/", views.document_channel, name="channel_add"),
    path(
        "<int:pk>/channels/<int:publication_pk>/remove/",
        views.publication_remove,
        name="channel_remove",
    ),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<int:pk>/mask/", views.document_mask, name="mask"),
    path("<int:pk>/justify/", views.document_justify, name="justify"),
]
