"""Fixtures every app shares: the browser set-up and PostgreSQL/Chromium requirements."""

import os
import shutil
from pathlib import Path

import pytest

# Sign-in helpers and fixtures (staff_member, staff_client, sign_in_in_browser, …).
pytest_plugins = ["irp.accounts.testing"]

CHROMIUM = os.environ.get("IRP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's sync API runs an event loop in the test thread, beside live_server.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require(name: str) -> bool:
    """CI sets IRP_REQUIRE=browser,postgres: a missing piece must fail, never skip."""
    return name in os.environ.get("IRP_REQUIRE", "").split(",")


def _has_cluster_parts() -> bool:
    """Varnish, Redis and PostgreSQL's server programs (bench/cluster.py starts them)."""
    tools = ("varnishd", "redis-server", "moto_server")
    found = all(shutil.which(t) or os.path.exists(f"/usr/sbin/{t}") for t in tools)
    return found and any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    has_chromium = shutil.which(CHROMIUM) is not None
    on_postgres = connection.vendor == "postgresql"
    has_cluster_parts = _has_cluster_parts()
    for item in items:
        if item.get_closest_marker("browser") and not has_chromium:
            if _require("browser"):
                raise pytest.UsageError(f"Chromium is required but missing at {CHROMIUM}.")
            item.add_marker(pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}"))
        if item.get_closest_marker("postgres") and not on_postgres:
            if _require("postgres"):
                raise pytest.UsageError("PostgreSQL is required: set DATABASE_URL.")
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        # The cluster tests run once, with the PostgreSQL run of the suite.
        if item.get_closest_marker("cluster"):
            if not has_cluster_parts:
                if _require("cluster"):
                    raise pytest.UsageError(
                        "The cluster tests are required but Varnish, Redis or PostgreSQL's"
                        " server programs are missing."
                    )
                item.add_marker(pytest.mark.skip(reason="needs Varnish, Redis and PostgreSQL"))
            elif not on_postgres:
                item.add_marker(pytest.mark.skip(reason="run with the PostgreSQL suite"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty shared cache: no rate limits counted, no pages
    cached, and a new generation of the page cache (so nothing a process kept from an
    earlier test is used)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def wagtail_page_tree(request):
    """Transactional tests flush the database after each test, and Wagtail's root page and
    default locale (made by a data migration) go with it: put them back, so every
    transactional test starts from the same tree whatever ran before it."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture(autouse=True)
def email_through_the_queue(settings):
    """Django's test set-up swaps EMAIL_BACKEND for the in-memory one, which would hide
    whether a message reaches our queue at all. Put the queue back: a message lands in
    `mail.outbox` (EMAIL_DELIVERY_BACKEND in tests) only once the worker delivered it."""
    settings.EMAIL_BACKEND = "irp.emails.backends.QueueBackend"


@pytest.fixture
def delivered():
    """A function: run the worker's delivery now and return `mail.outbox`."""
    from django.core import mail

    from irp.emails.delivery import deliver_due_emails

    def deliver():
        deliver_due_emails()
        return mail.outbox

    return deliver


@pytest.fixture
def smtp_server(settings):
    """A real local SMTP server, with the worker's delivery pointed at it."""
    from irp.emails.testing import SMTPServer

    server = SMTPServer().start()
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()
