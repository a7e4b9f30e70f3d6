from django.urls import path

from . import views

app_name = "cpd"

urlpatterns = [
    path("", views.home, name="home"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<uuid:key>/", views.evidence, name="evidence"),
    path("evidence/<uuid:key>/delete/", views.evidence_delete, name="evidence_delete"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_new, name="account_new"),
    path("accounts/<int:pk>/", views.account, name="account"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/delete/", views.account_delete, name="account_delete"),
    path("summary/", views.summary, name="summary"),
    path("body/", views.choose_body, name="choose_body"),
    path("exports/", views.exports, name="exports"),
    path("exports/<uuid:key>/", views.export, name="export"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
