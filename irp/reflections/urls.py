from django.urls import path

from . import views

app_name = "reflections"

urlpatterns = [
    path("", views.home, name="home"),
    path("journal/", views.journal, name="journal"),
    path("write/", views.write, name="write"),
    path("search/", views.search, name="search"),
    path("draft/", views.save_draft, name="draft"),
    path("prompts/<int:pk>/", views.prompt, name="prompt"),
    path("entries/<int:pk>/", views.detail, name="detail"),
    path("entries/<int:pk>/edit/", views.edit, name="edit"),
    path("entries/<int:pk>/delete/", views.delete, name="delete"),
]
