"""The site serving a request, looked up once per generation in each process.

For every request Wagtail finds the site with a query (host name and port against the
sites), loads the home page as its own type, and reads the sites' root paths from the
cache to build page addresses. These change only when a site is saved or a page is
published or moved, and each of those moves the page cache to a new generation
(`irp.pages.cache`). So each process keeps them per generation and gives every request
its own copy, in the per-request attributes Wagtail reads first
(`Site.find_for_request` documents `request._wagtail_site`).
"""

import pickle

from wagtail.models import Site

from .cache import GenerationStore, current_generation

# (host, port) -> pickled (site with its home page, root paths): each request unpickles
# its own copy, so nothing one request sets on these objects reaches another.
_known = GenerationStore()


def _look_up(request) -> bytes:
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.localized.specific  # kept as its own type
    return pickle.dumps((site, Site.get_site_root_paths()))


def find_for_request(request) -> Site | None:
    """`Site.find_for_request`, from what this process keeps for the current generation."""
    if not hasattr(request, "_wagtail_site"):
        key = (request.get_host(), request.get_port())
        known = _known.kept(current_generation(request), key, lambda: _look_up(request))
        # Bytes this process pickled itself, never anything from outside.
        copy = pickle.loads(known)  # noqa: S301
        request._wagtail_site, request._wagtail_cached_site_root_paths = copy
    return request._wagtail_site


class KnownSiteMiddleware:
    """Give each page view the site and root paths kept for the current generation.

    Only Wagtail's page views: other views that need the site (the menu) ask
    `find_for_request` themselves. Sits below the page cache, so a cached page is
    served without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name == "wagtail_serve":
            find_for_request(request)
