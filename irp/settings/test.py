"""Settings for the test suite: fast and isolated.

A cheap password hasher, tasks run at once, and a per-process cache. Email is queued
as in production (the root conftest.py puts our queue back as EMAIL_BACKEND after
Django's test set-up swaps it out) and delivered into memory (`mail.outbox`) only
when the worker's delivery runs.
"""

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-anything-else"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
# One folder per database engine, so the SQLite and PostgreSQL runs can share a machine.
MEDIA_ROOT = DATA_DIR / f"test-media-{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"  # noqa: F405
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEDIA_ROOT.with_name(MEDIA_ROOT.name + "-private"), "base_url": None},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Fixed Fernet keys for reflections (the tests rotate them themselves).
REFLECTION_KEYS = ["kE2l5o6mY9y8a1Qy3nq0wV0f8U2pR7dA4tX6zB1cH3k="]
