from django.urls import path

from gongkai.publishing import views_channels as views

app_name = "publishing_channels"
urlpatterns = [
    path("gazette/", views.gazette_list, name="gazette_list"),
    path("gazette/new/", views.gazette_create, name="gazette_create"),
    path("gazette/<int:pk>/", views.gazette_detail, name="gazette_detail"),
    path("gazette/<int:pk>/add/", views.gazette_add, name="gazette_add"),
    path(
        "gazette/<int:pk>/documents/<int:document_pk>/remove/",
        views.gazette_remove,
        name="gazette_remove",
    ),
    path(
        "gazette/<int:pk>/documents/<int:document_pk>/move/",
        views.gazette_move,
        name="gazette_move",
    ),
    path("gazette/<int:pk>/publish/", views.gazette_publish, name="gazette_publish"),
    path("gazette/<int:pk>/issue.pdf", views.gazette_pdf, name="gazette_pdf"),
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/edit/", views.webhook_edit, name="webhook_edit"),
    path("webhooks/<int:pk>/deactivate/", views.webhook_deactivate, name="webhook_deactivate"),
    path("deliveries/", views.delivery_list, name="delivery_list"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("documents/<int:pk>/share/", views.document_share, name="document_share"),
    path("documents/<int:pk>/share/qr.png", views.document_qr_png, name="document_qr_png"),
    path(
        "documents/<int:pk>/review-form.pdf",
        views.document_review_form,
        name="document_review_form",
    ),
]
