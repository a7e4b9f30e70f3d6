"""Telling the caching front (Varnish) that a public page changed.

Anonymous page views are cached in front of the app (deploy/varnish/default.vcl), for
as long as the page's `Cache-Control: s-maxage` allows (FRONT_CACHE_SECONDS). A change
must show at once, so:

- publishing or unpublishing a page purges, through Wagtail's frontend cache and its
  HTTP purge backend (WAGTAILFRONTENDCACHE), the page's own addresses and the pages
  that list it: its parent (a section, the article index), the home page and the
  sitemap;
- a change that reaches further (a page moved or deleted, with every address below it;
  a page made private or public again, with its subpages; a site or an article category
  edited) bans every cached page of the front, with a `BAN` request the VCL allows from
  the app servers only.

Both are sent as the change commits, from the process that made it, so a published edit
is visible through the front at once. Wagtail also queues its own purge of a published
page for the worker, which sends it again a moment later. A front that cannot be reached
is logged and never fails the edit: its entries still expire after FRONT_CACHE_SECONDS.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page, Site

logger = logging.getLogger("irp.pages.front")

# A purge is a request on loopback or the local network; never let it hang an edit.
TIMEOUT_SECONDS = 2


def _page_urls(page: Page) -> list[str]:
    """Every full address the page answers at (Wagtail's cached URLs for it)."""
    urls = []
    base = page.get_full_url()
    if base is None:  # not routable: not under any site
        return urls
    for path in page.specific_deferred.get_cached_paths() or ["/"]:
        urls.append(base.rstrip("/") + path)
    return urls


def addresses_listing(page: Page) -> list[str]:
    """The page's own addresses and those of the pages that list it: its parent, the home
    page of its site, and the sitemap."""
    urls = _page_urls(page)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        urls += _page_urls(parent)
    site = page.get_site()
    if site is not None:
        urls += _page_urls(site.root_page)
        urls.append(site.root_url.rstrip("/") + reverse("sitemap"))
    return list(dict.fromkeys(urls))


def _http_backends():
    return [b for b in get_backends().values() if isinstance(b, HTTPBackend)]


def purge_page_and_listings(page: Page) -> None:
    """Purge the page and the pages listing it from the front, once the change commits."""
    backends = get_backends()
    if not backends:
        return
    urls = addresses_listing(page)

    def purge():
        for backend in backends.values():
            backend.purge_batch(urls)

    transaction.on_commit(purge)


def _ban(location_netloc: str, scheme: str, host: str) -> None:
    address = urlunsplit((scheme, location_netloc, "/", "", ""))
    request = Request(address, method="BAN", headers={"Host": host})  # noqa: S310 (our front)
    try:
        urlopen(request, timeout=TIMEOUT_SECONDS).close()  # noqa: S310 (our own front)
    except (URLError, OSError) as failure:
        logger.error("Could not clear the front cache at %s: %s", location_netloc, failure)


def ban_everything() -> None:
    """Drop every cached page from the front (all hosts), once the change commits."""
    backends = _http_backends()
    if not backends:
        return
    hosts = [urlsplit(site.root_url).netloc for site in Site.objects.all()] or ["localhost"]

    def ban():
        for backend in backends:
            # One BAN per front; the VCL drops every object whatever the host, so one
            # host name (any of the sites) is enough to address it.
            _ban(backend.cache_netloc, backend.cache_scheme, hosts[0])

    transaction.on_commit(ban)
