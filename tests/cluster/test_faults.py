"""Faults under load: an app server stopped, PostgreSQL restarted, the S3 server down."""

import time

import pytest

from .conftest import Browser, Load, status_of

pytestmark = pytest.mark.cluster

# Varnish's probe: every second, sick after 2 failures in a window of 3 (default.vcl).
PROBE_NOTICES_WITHIN = 4.0


def fresh(cluster):
    """An address the front always fetches from an app server (a query string is never
    marked public by the app)."""
    return lambda n: f"{cluster.front}/about/?n={n}"


def test_stopping_one_app_server_fails_no_request_once_the_probe_notices(cluster):
    with Load(fresh(cluster)) as load:
        time.sleep(1)
        cluster.stop_app(0)
        stopped = time.monotonic()
        time.sleep(PROBE_NOTICES_WITHIN + 3)
    try:
        assert load.failures_after(stopped + PROBE_NOTICES_WITHIN) == []
        assert len([r for r in load.results if r[0] > stopped + PROBE_NOTICES_WITHIN]) > 10
    finally:
        cluster.start_app(0)


def test_restarting_postgresql_fails_requests_only_while_it_is_down(cluster):
    app = cluster.app(1)
    with Load(lambda n: f"{app}/about/?n={n}") as load:
        time.sleep(1)
        cluster.stop_postgres()
        time.sleep(1)
        cluster.start_postgres()
        back = time.monotonic()
        time.sleep(3)
    # The first request after the restart already succeeds: a dead connection is
    # replaced before it is used (CONN_HEALTH_CHECKS).
    assert load.failures_after(back) == []
    # Through the front too, once its probe has seen the app servers healthy again.
    time.sleep(PROBE_NOTICES_WITHIN)
    assert all(status_of(f"{cluster.front}/about/?after={n}") == 200 for n in range(10))


def test_with_the_s3_server_down_pages_without_media_are_still_served(cluster):
    cluster.stop_s3()
    try:
        for n in range(5):
            assert status_of(f"{cluster.front}/about/?s3-down={n}") == 200
        assert Browser(cluster.front).get("/")[0] == 200
    finally:
        cluster.start_s3()
