"""The site frame's tags: main navigation, breadcrumbs and the organisation's JSON-LD.

Each tag makes a fixed number of queries, however many pages there are.
"""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from irp.pages import selectors

register = template.Library()

# The platform's own areas, after the editors' pages: (title, URL name, signed-in only).
PLATFORM_LINKS = [
    ("Live discussions", "live_discussions:upcoming", False),
    ("Reflect", "reflections:home", True),
]


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def main_navigation(context):
    """The pages editors marked "show in menus", with the one being read marked current."""
    request = context.get("request")
    current = context.get("page")
    root = selectors.site_root(request) if request is not None else None
    items = []
    if root is not None:
        current_path = getattr(current, "path", "")
        for menu_page in selectors.menu_pages(root):
            items.append(
                {
                    "title": menu_page.title,
                    "url": menu_page.get_url(request),
                    "is_current": current_path == menu_page.path,
                    "is_ancestor": current_path.startswith(menu_page.path)
                    and current_path != menu_page.path,
                }
            )
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    request_path = getattr(request, "path", "")
    for title, url_name, signed_in_only in PLATFORM_LINKS:
        if signed_in_only and not signed_in:
            continue
        url = reverse(url_name)
        items.append(
            {
                "title": title,
                "url": url,
                "is_current": request_path == url,
                "is_ancestor": request_path.startswith(url) and request_path != url,
            }
        )
    return {
        "items": items,
        "home_url": root.get_url(request) if root is not None else "/",
        "is_home": root is not None and getattr(current, "pk", None) == root.pk,
        "request": request,
        "user": context.get("user"),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from home to the page's parent; nothing on the home page itself."""
    request = context.get("request")
    ancestors = selectors.breadcrumbs(page)
    return {
        "crumbs": [{"title": a.title, "url": a.get_url(request)} for a in ancestors],
        "page": page,
    }


@register.simple_tag
def organisation_json_ld():
    """schema.org Organization data. A data block is never executed, so the strict CSP
    (script-src 'self') still holds; the JSON is escaped like Django's json_script."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": settings.SITE_URL.rstrip("/") + "/",
        "logo": settings.SITE_URL.rstrip("/") + static("favicon.svg"),
        "description": (
            "A model of health, rather than a model of illness, for professionals in "
            "addiction, mental health and recovery."
        ),
        "areaServed": "GB",
    }
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
