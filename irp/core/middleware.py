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


# The admins' own policy (the public site's is django-csp's, in settings). Wagtail's
# page editor and date choosers run inline scripts without a nonce, so scripts and
# styles may be inline here; everything else is this site only: no other origin may
# serve a script, receive a form or a fetch, or frame the admin.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "worker-src 'self' blob:",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class AdminContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", ADMIN_CONTENT_SECURITY_POLICY)
        return response
