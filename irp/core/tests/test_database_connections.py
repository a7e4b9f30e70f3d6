"""A PostgreSQL server that closed our connections (a restart, a failover) never turns
into a failed request once it is back: Django's own backend, with CONN_HEALTH_CHECKS,
replaces a dead connection before the first query of the next request."""

import io
import time

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from wagtail.models import Page, Site

from irp.pages.models import HomePage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def get(path: str) -> str:
    path, _, query = path.partition("?")
    """A request through the WSGI handler, which (unlike the test client) runs Django's
    connection housekeeping as each request starts and ends."""
    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
    }
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()
    return statuses[0]


@pytest.fixture
def kept_connection(monkeypatch):
    """The default connection as production has it: kept between requests, and checked."""
    default = connections["default"]
    default.close()
    monkeypatch.setitem(default.settings_dict, "CONN_HEALTH_CHECKS", True)
    monkeypatch.setitem(default.settings_dict, "CONN_MAX_AGE", 60)
    yield default
    default.close()


def close_every_connection_from_the_server(connection) -> None:
    """What a restart does to the app's connections: the server ends every one of them."""
    params = connection.connection.info.get_parameters()
    info = connection.connection.info
    with psycopg.connect(
        host=info.host, port=info.port, user=params["user"], dbname="postgres", autocommit=True
    ) as admin:
        others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        admin.execute(f"SELECT pg_terminate_backend(pid) {others}", [info.dbname])
        # The server ends them a moment after it is told to: wait until it has.
        for _ in range(100):
            if not admin.execute(f"SELECT count(*) {others}", [info.dbname]).fetchone()[0]:
                break
            time.sleep(0.05)


@pytest.fixture
def home(kept_connection):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="welcome-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "testserver"}
    )
    return home


def test_the_backend_is_djangos_own(kept_connection):
    assert type(kept_connection).__module__ == "django.db.backends.postgresql.base"
    assert kept_connection.settings_dict["CONN_HEALTH_CHECKS"] is True


# A query string: the page is rendered from the database, not served from the page cache.
@pytest.mark.parametrize("path", ["/healthz", "/?fresh=1"])
def test_the_first_request_after_the_server_closed_every_connection_succeeds(
    kept_connection, home, path
):
    assert get(path) == "200 OK"
    old = kept_connection.connection
    assert old is not None  # kept between requests
    close_every_connection_from_the_server(kept_connection)
    assert get(path) == "200 OK"
    assert kept_connection.connection is not old
    assert get(path) == "200 OK"


def test_without_the_health_check_the_same_restart_would_fail_a_request(
    kept_connection, home, monkeypatch
):
    """The check above is what saves the request: without it, the dead connection is used."""
    monkeypatch.setitem(kept_connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    kept_connection.close()  # the setting is read as a connection opens
    assert get("/?fresh=1") == "200 OK"
    close_every_connection_from_the_server(kept_connection)
    assert get("/?fresh=2") == "500 Internal Server Error"
    assert get("/?fresh=3") == "200 OK"  # Django closes the broken connection at the end
