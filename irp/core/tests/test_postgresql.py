"""The PostgreSQL backend's health check: no round trip while idle, a new connection
once the server has closed the old one."""

import io
import select
import time

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def get(path: str) -> str:
    """A request through the WSGI handler, which (unlike the test client) runs Django's
    connection housekeeping as each request starts and ends."""
    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
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
def checked_connection(monkeypatch):
    """The default connection as production has it: kept between requests, and checked."""
    default = connections["default"]
    default.close()
    monkeypatch.setitem(default.settings_dict, "CONN_HEALTH_CHECKS", True)
    monkeypatch.setitem(default.settings_dict, "CONN_MAX_AGE", 60)
    yield default
    default.close()


def test_the_backend_is_ours(checked_connection):
    assert type(checked_connection).__module__ == "irp.core.postgresql.base"


def test_an_idle_connection_is_reused_without_a_select(checked_connection, monkeypatch):
    assert get("/healthz") == "200 OK"
    checks = []
    original = checked_connection.is_usable
    monkeypatch.setattr(checked_connection, "is_usable", lambda: checks.append(1) or original())
    assert get("/healthz") == "200 OK"
    assert get("/healthz") == "200 OK"
    assert checks == []


def test_a_connection_the_server_closed_is_replaced_before_the_next_request(
    checked_connection,
):
    assert get("/healthz") == "200 OK"
    old = checked_connection.connection
    params = old.info.get_parameters()
    with psycopg.connect(
        host=old.info.host,
        port=old.info.port,
        user=params["user"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [old.info.backend_pid])
    # The server closes the connection a moment after it is told to.
    select.select([old.pgconn.socket], [], [], 5)
    time.sleep(0.05)
    assert get("/healthz") == "200 OK"
    assert checked_connection.connection is not old
