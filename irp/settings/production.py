"""Production: PostgreSQL, gunicorn, a task worker, SMTP, HTTPS behind a proxy.

Refuses to start without a real secret key and a database URL, and passes
`irp check --deploy --fail-level WARNING`.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATABASE_URL_GIVEN,
    ERROR_REPORTING_DSN,
    INSECURE_DEFAULT_SECRET_KEY,
    LOG_FORMAT_GIVEN,
    LOGGING,
    REFLECTION_KEYS,
    SECRET_KEY,
    env,
)

if SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value (50 characters or more) in production."
    )
if not DATABASE_URL_GIVEN:
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
# Host header checks stop cache poisoning and password-reset links to other hosts.
if "ALLOWED_HOSTS" not in env or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")

# Reflections are encrypted at rest: production needs real keys, never the local one.
if not REFLECTION_KEYS:
    raise ImproperlyConfigured(
        "REFLECTION_KEYS must be set in production (comma-separated Fernet keys, newest first)."
    )

DEBUG = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
SERVE_MEDIA = False  # the front server (or S3-compatible storage) serves uploads
WHITENOISE_AUTOREFRESH = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# HTTPS everywhere; the load balancer terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# `__Host-` cookies are only accepted over HTTPS, for this exact host, on path "/".
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Log lines as JSON for the log collector, unless LOG_FORMAT says otherwise.
if not LOG_FORMAT_GIVEN:
    LOGGING["handlers"]["console"]["formatter"] = "json"

# Errors to a Sentry-compatible service, when a DSN is given. Never what people typed:
# a request body can hold a reflection, which only its author may read.
if ERROR_REPORTING_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=ERROR_REPORTING_DSN,
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0,
    )
