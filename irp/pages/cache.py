"""A shared cache of anonymous page views, cleared whenever anything public changes.

Why: most visitors are anonymous and see the same HTML, so a page is rendered once
and then served from the cache until something changes. What is cached is narrow on
purpose:

- only GET requests without a query string, from someone with no session cookie (so
  never a signed-in person, nor anyone with messages or a page password waiting);
- only responses a page marked cacheable (`SeoMixin.serve`), with status 200, that
  set no cookie and used no CSRF token (so a page with a form is never shared).

Every entry carries the generation it was rendered in; publishing, unpublishing,
moving or deleting a page, making a page private, or editing a category or site, moves
to a new generation, so the next request renders afresh at once in every process
sharing the cache. A render that began before the change stores the old generation, so
it is never served.

A hit costs one read of the shared cache: the current generation. Each process keeps
its own copy of the pages it served (`GenerationStore`), so the page itself comes from
the shared cache only the first time a process serves it in a generation. The site's
frame (menu, breadcrumbs) and the routes to pages are kept the same way.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from . import front

GENERATION_KEY = "irp:pages:generation"
TIMEOUT = 60 * 60  # an hour: a safety net; invalidation does the real work
_HEADERS_NOT_STORED = {"set-cookie"}


def _fresh_generation() -> int:
    # Counting starts from the clock, not from 1: if the cache ever loses the counter
    # (eviction, restart), the new count is above every generation stored before.
    return time.time_ns() // 1000


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing has been cached
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def move_to_a_new_generation() -> None:
    """Make every page cached here stale at once (the caching front is told separately)."""
    _next_generation()
    # A page rendered while the change is still uncommitted shows the old content under
    # the new generation: move on once more when the change is committed.
    transaction.on_commit(_next_generation)


def clear_page_cache(**_kwargs) -> None:
    """Make every cached page stale at once, here and in the caching front (a signal
    receiver, so it takes any arguments)."""
    move_to_a_new_generation()
    front.ban_everything()


def current_generation(request=None) -> int:
    """The generation of what the public sees now: one read of the shared cache a request."""
    generation = getattr(request, "irp_page_generation", None)
    if generation is None:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # add() keeps the first value when processes race to start the count.
            cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        if request is not None:
            request.irp_page_generation = generation
    return generation


class GenerationStore:
    """Values derived from the published pages, kept in this process for one generation.

    A value stays right until the generation moves on, so each process keeps what it
    derived (a page's HTML, the menu, a trail of breadcrumbs) and asks the shared cache
    only for the current generation. The first value stored for a newer generation
    drops everything kept for the older one; a value from an older generation (a render
    that began before a change) is never kept. Like the shared cache's entries, nothing
    is kept longer than TIMEOUT, a safety net for a change that moved no generation.
    """

    def __init__(self, limit: int = 1000, max_age: float = TIMEOUT):
        self._limit = limit
        self._max_age = max_age
        # One tuple, swapped whole, so a thread never pairs a generation with
        # another generation's values.
        self._state: tuple[int | None, float, dict] = (None, 0.0, {})

    def get(self, generation: int, key):
        kept_generation, started, values = self._state
        if kept_generation != generation or time.monotonic() - started > self._max_age:
            return None
        return values.get(key)

    def put(self, generation: int, key, value) -> None:
        kept_generation, started, values = self._state
        if kept_generation is not None and generation < kept_generation:
            return
        now = time.monotonic()
        if (
            generation != kept_generation
            or len(values) >= self._limit
            or now - started > self._max_age
        ):
            values = {}
            self._state = (generation, now, values)
        values[key] = value

    def kept(self, generation: int, key, derive):
        """The value kept for this key in this generation, derived (and kept) if missing."""
        value = self.get(generation, key)
        if value is None:
            value = derive()
            self.put(generation, key, value)
        return value


# This process's copies of cached pages: a hit then costs one read of the generation,
# not a transfer of the whole page from the shared cache. At most 500 pages (some 20 MB
# of HTML) a process; past that it starts afresh.
_local_pages = GenerationStore(limit=500)


def _key(request) -> str:
    # A digest: paths have no length limit, cache keys do (250 characters for memcached).
    address = f"{request.get_host()}:{request.path}".encode()
    return f"irp:page:{hashlib.sha256(address).hexdigest()}"


def _may_use_cache(request) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _may_store(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        getattr(response, "irp_cacheable", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A CSRF token in the HTML belongs to one visitor: never share that page.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
    )


def _stored_page(generation: int, key: str):
    """(content, headers) of the page stored for this generation, or None."""
    page = _local_pages.get(generation, key)
    if page is None:
        stored = cache.get(key)
        if stored is not None and stored[0] == generation:
            page = stored[1:]
            _local_pages.put(generation, key, page)
    return page


class AnonymousPageCacheMiddleware:
    """Serve anonymous page views from the shared cache; store the ones pages allow.

    Sits just below the security and static-file middleware, so a cached response still
    gets fresh security headers, but skips sessions, CSRF and the page tree entirely.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        key = _key(request)
        generation = current_generation(request)
        page = _stored_page(generation, key)
        if page is not None:
            content, headers = page
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            # The caching front (Varnish) keeps it too, for FRONT_CACHE_SECONDS unless a
            # change purges it first (front.py); browsers check back each time.
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.FRONT_CACHE_SECONDS
            )
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in _HEADERS_NOT_STORED
            }
            cache.set(key, (generation, response.content, headers), TIMEOUT)
            _local_pages.put(generation, key, (response.content, headers))
            response["X-Page-Cache"] = "miss"
        return response
