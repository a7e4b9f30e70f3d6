from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    # Before allauth's own page at the same address (its name, account_email_verification_sent,
    # still leads here): ours says where the email went and offers to send it again.
    path("confirm-email/", views.verification_sent, name="verification_sent"),
    path("profile/", views.profile, name="profile"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download/", views.download_data, name="download_data"),
    path("erase/", views.erase, name="erase"),
]
