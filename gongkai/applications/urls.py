"""Back-office URLs of disclosure on request, mounted at ``/workbench/applications/``."""

from django.urls import path

from gongkai.applications import views, views_disputes

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_register, name="register"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/correction/", views.correction, name="correction"),
    path("<int:pk>/correction/received/", views.correction_received, name="correction_received"),
    path("<int:pk>/correction/abandon/", views.abandon_no_correction, name="abandon_no_correction"),
    path("<int:pk>/consult/", views.consult, name="consult"),
    path("consultations/<int:c_pk>/finish/", views.finish_consultation, name="finish_consultation"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/fee/", views.fee, name="fee"),
    path("<int:pk>/fee/paid/", views.fee_paid, name="fee_paid"),
    path("<int:pk>/fee/abandon/", views.abandon_unpaid_fee, name="abandon_unpaid_fee"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/deliver/", views.deliver, name="deliver"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/note/", views.note, name="note"),
    path("<int:pk>/attachments/add/", views.attach, name="attach"),
    path("<int:pk>/attachments/<int:att_pk>/", views.attachment_download, name="attachment"),
    path("disputes/", views_disputes.dispute_list, name="dispute_list"),
    path("disputes/new/", views_disputes.dispute_new, name="dispute_new"),
    path("disputes/<int:pk>/edit/", views_disputes.dispute_edit, name="dispute_edit"),
    path("complaints/new/", views_disputes.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/edit/", views_disputes.complaint_edit, name="complaint_edit"),
]
