"""Settings for `irp demo`: the embedded default, shown as visitors will see it.

DEBUG is off, so a missing page is the site's own "We could not find that page" and a
failure is its own error page, never Django's debug pages with their settings and
tracebacks. What DEBUG would otherwise give a local site is kept on purpose:
static files come straight from the app folders (WhiteNoise's finders, no
collectstatic), uploaded media is served by Django, and passkeys work over
http://127.0.0.1.
"""

from .base import *  # noqa: F403

DEBUG = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Pick up a changed CSS or JavaScript file without a restart, as DEBUG would.
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
