"""Small middleware every response passes through."""

import logging

from django.http import HttpResponse, HttpResponseNotAllowed

logger = logging.getLogger("irp.core")

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


class MediaStorageUnavailableMiddleware:
    """An upload while the media storage (S3-compatible) cannot be reached: a clear 503,
    saying nothing was stored, instead of a failure page. Everything that does not touch
    the storage goes on being served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        try:
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError:  # no S3 storage configured in this installation
            return None
        if not isinstance(exception, BotoCoreError | ClientError):
            return None
        logger.error("Media storage unavailable: %s", exception)
        return HttpResponse(
            "<!doctype html><html lang=en><title>File not stored</title>"
            "<h1>The file could not be stored</h1>"
            "<p>The file store is not answering just now, so nothing was saved. "
            "Please go back and try again in a few minutes.</p>",
            status=503,
            headers={"Retry-After": "60"},
        )
