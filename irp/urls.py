from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from irp.core import views as core_views

# The Django admin is for superusers only: staff editors work in the Wagtail admin.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # One password reset, allauth's, with its rate limits: Wagtail's own is switched
    # off (WAGTAIL_PASSWORD_RESET_ENABLED) and its address leads to ours.
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password", query_string=False),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # The Django admin is for superusers only, away from the staff admin.
    path("django-admin/", admin.site.urls),
    path("accounts/", include("irp.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("reflect/", include("irp.reflections.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("irp.pages.urls")),  # robots.txt and sitemap.xml
    path("live/", include("irp.live_discussions.urls")),
    path("conversations/", include("irp.conversations.urls")),
    # Before Wagtail's tree, which serves /programmes/ and each programme's page.
    path("programmes/", include("irp.programmes.urls")),
    path("cpd/", include("irp.cpd.urls")),
]

if settings.SERVE_MEDIA:
    # Local use only (see SERVE_MEDIA). django.conf.urls.static.static() would add
    # nothing once DEBUG is off, and `irp demo` runs with DEBUG off.
    from django.views.decorators.http import require_safe
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            require_safe(serve),  # files are read, never sent to
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    ]

# Wagtail's page tree serves every other path, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
