"""Request helpers shared by every app."""

from django.conf import settings


def client_ip(request) -> str:
    """The address of the person's own machine, as far as we can trust it.

    Behind TRUSTED_PROXY_COUNT proxies, each proxy appends the address it saw to
    X-Forwarded-For, so only the entry that many places from the right is trustworthy:
    anything further left was written by the client and may be rotated at will.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
