"""Fixtures every app shares: the browser set-up and PostgreSQL/Chromium requirements."""

import os
import shutil

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


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    has_chromium = shutil.which(CHROMIUM) is not None
    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if item.get_closest_marker("browser") and not has_chromium:
            if _require("browser"):
                raise pytest.UsageError(f"Chromium is required but missing at {CHROMIUM}.")
            item.add_marker(pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}"))
        if item.get_closest_marker("postgres") and not on_postgres:
            if _require("postgres"):
                raise pytest.UsageError("PostgreSQL is required: set DATABASE_URL.")
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
