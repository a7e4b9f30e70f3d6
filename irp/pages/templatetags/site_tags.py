"""The site frame's tags: main navigation, breadcrumbs and the organisation's JSON-LD.

The menu and the breadcrumb trails change only when what the public sees changes, so
each process derives them once per generation of the page cache (`irp.pages.cache`)
and keeps them; only the marks of the page being read are worked out per request.
"""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from wagtail.models import Site

from irp.core import registry
from irp.pages import selectors
from irp.pages.cache import GenerationStore, current_generation
from irp.pages.models import OrganisationSettings

register = template.Library()

# ("menu", site id) -> [(title, url, path)]; ("trail", site id, page path) -> [(title, url)]
_frame = GenerationStore()


def _kept(request, key, derive):
    return _frame.kept(current_generation(request), key, derive)


def _menu(request, root) -> list[tuple[str, str, str]]:
    return [
        (menu_page.title, menu_page.get_url(request), menu_page.path)
        for menu_page in selectors.menu_pages(root)
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
        menu = _kept(request, ("menu", root.pk), lambda: _menu(request, root))
        for title, url, path in menu:
            items.append(
                {
                    "title": title,
                    "url": url,
                    "is_current": current_path == path,
                    "is_ancestor": current_path.startswith(path) and current_path != path,
                }
            )
    # The platform's own areas follow the editors' pages; each app declares its own.
    request_path = getattr(request, "path", "")
    for link in registry.navigation_links(context.get("user")):
        url = reverse(link.url_name)
        items.append(
            {
                "title": link.title,
                "url": url,
                "is_current": request_path == url,
                "is_ancestor": request_path.startswith(url) and request_path != url,
            }
        )
    return {
        "items": items,
        "home_url": root.get_url(request) if root is not None else "/",
        "is_home": root is not None and getattr(current, "pk", None) == root.pk,
        "account_current": request_path.startswith("/accounts/"),
        "request": request,
        "user": context.get("user"),
    }


def _organisation() -> dict[str, str]:
    # Read only: a page view never writes the (not yet saved) settings row.
    details = OrganisationSettings.objects.first() or OrganisationSettings()
    return {
        "legal_name": details.legal_name,
        "charity_number": details.charity_number,
        "company_number": details.company_number,
        "address": details.address,
        "contact_email": details.contact_email,
    }


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    """The footer, with the organisation's details kept per cache generation (saving
    them starts a new one), so a page costs no query for them."""
    request = context.get("request")
    details = {} if request is None else _kept(request, ("organisation",), _organisation)
    return {"organisation": details, "site_name": context.get("site_name")}


def _trail(request, page) -> list[tuple[str, str]]:
    return [(a.title, a.get_url(request)) for a in selectors.breadcrumbs(page)]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from home to the page's parent; nothing on the home page itself."""
    request = context.get("request")
    site = Site.find_for_request(request)
    if page.path and site is not None:
        # A trail follows from the page's place in the tree: its path.
        trail = _kept(request, ("trail", site.pk, page.path), lambda: _trail(request, page))
    else:  # a page not yet in the tree (the preview of a new page)
        trail = _trail(request, page)
    return {
        "crumbs": [{"title": title, "url": url} for title, url in trail],
        "page": page,
        "page_url": page.get_url(request),
    }


@register.simple_tag(takes_context=True)
def canonical_address(context, page) -> str:
    """The page's canonical address, for pages with SEO fields; "" for anything else."""
    if not hasattr(page, "canonical_address"):
        return ""
    return page.canonical_address(context.get("request"))


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
