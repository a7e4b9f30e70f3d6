"""Settings for the test suite: fast and isolated.

A cheap password hasher, tasks run at once, email kept in memory (django-mailer
still queues each message first, as in production), and a per-process cache.
"""

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-anything-else"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = DATA_DIR / "test-media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Fixed Fernet keys for reflections (the tests rotate them themselves).
REFLECTION_KEYS = ["kE2l5o6mY9y8a1Qy3nq0wV0f8U2pR7dA4tX6zB1cH3k="]
