"""Small middleware every response passes through."""

from django.http import HttpResponseNotAllowed

# The site has no API: every screen is read with GET (HEAD) and sent with POST. Any
# other method would otherwise reach views that treat it as a GET.
SITE_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    """405 for PUT, PATCH, DELETE, OPTIONS, TRACE and anything else no view handles."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SITE_METHODS:
            return HttpResponseNotAllowed(SITE_METHODS)
        return self.get_response(request)
