from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download/", views.download_data, name="download_data"),
    path("erase/", views.erase, name="erase"),
]
