from django.urls import path
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Wagtail's sitemap lists every live, public page of the site serving the request.
    path("sitemap.xml", require_safe(sitemap), name="sitemap"),
]
