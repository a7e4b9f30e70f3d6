"""A shared cache of anonymous page views, cleared whenever anything public changes.

Why: most visitors are anonymous and see the same HTML, so a page is rendered once
and then served from the cache until something changes. What is cached is narrow on
purpose:

- only GET requests without a query string, from someone with no session cookie (so
  never a signed-in person, nor anyone with messages or a page password waiting);
- only responses a page marked cacheable (`SeoMixin.serve`), with status 200, that
  set no cookie and used no CSRF token (so a page with a form is never shared).

Every entry carries the generation it was rendered in; publishing, unpublishing,
moving or deleting a page, or editing a category or site, moves to a new generation,
so the next request renders afresh at once in every process sharing the cache. A
render that began before the change stores the old generation, so it is never served.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "irp:pages:generation"
TIMEOUT = 60 * 60  # an hour: a safety net; invalidation does the real work
_HEADERS_NOT_STORED = {"set-cookie"}


def _fresh_generation() -> int:
    # Counting starts from the clock, not from 1: if the cache ever loses the counter
    # (eviction, restart), the new count is above every generation stored before.
    return time.time_ns() // 1000


def clear_page_cache(**_kwargs) -> None:
    """Make every cached page stale at once (a signal receiver, so it takes any arguments)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing has been cached
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def _key(request) -> str:
    return f"irp:page:{request.get_host()}:{request.path}"


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
        # One round trip fetches both the current generation and the stored page.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            # add() keeps the first value when processes race to start the count.
            cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        cached = found.get(key)
        if cached is not None and cached[0] == generation:
            _, content, headers = cached
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in _HEADERS_NOT_STORED
            }
            cache.set(key, (generation, response.content, headers), TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response
