"""Finding the page at an address in one query, once Wagtail has found it there before.

Wagtail routes a request one level at a time, with two queries a level: the child by
its slug, then that child as its own type. The home page (`HomePage.route`) remembers,
for the current generation of the public pages (`irp.pages.cache`), which page Wagtail
found at each address, so the next request loads just that page. What is remembered is
checked on each use: the page must still live at that address, and it still routes
itself (so an unpublished page is still not found). Routes that carry arguments (a page
answering at more than one address) and addresses that were not found are never kept.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType

from .cache import GenerationStore, current_generation

# (home page id, path components) -> (page id, content type id)
_found = GenerationStore()


def route_below(home, request, path_components: list[str], route_stepwise: Callable):
    """The route for an address below `home`, from what was found before where possible."""
    if not path_components:
        return route_stepwise()
    url_path = home.url_path + "/".join(path_components) + "/"
    generation = current_generation(request)
    key = (home.pk, tuple(path_components))
    found = _found.get(generation, key)
    if found is not None:
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id, url_path=url_path).first()
        if page is not None:
            return page.route(request, [])
    result = route_stepwise()
    # A RouteResult or, from older page code, a (page, args, kwargs) tuple: both index.
    page, args, kwargs = result[0], result[1], result[2]
    if not args and not kwargs and page.url_path == url_path:
        _found.put(generation, key, (page.pk, page.content_type_id))
    return result
