"""Through Varnish, as visitors and practitioners reach the site."""

import subprocess
import sys
import time

import pytest

from irp.accounts.demo import DEMO_PASSWORD, PRACTITIONER_EMAIL

from .conftest import Browser

pytestmark = pytest.mark.cluster

PAGE = "/about/"


def is_hit(headers) -> bool:
    # Varnish names two transactions on a hit (this one and the one that stored it).
    return headers["X-Cache"] == "hit" and len(headers["X-Varnish"].split()) == 2


def test_an_anonymous_page_is_served_from_the_front(cluster):
    visitor = Browser(cluster.front)
    first_status, _first, first_body = visitor.get(PAGE)
    status, headers, body = visitor.get(PAGE)
    assert first_status == status == 200
    assert is_hit(headers)
    assert body == first_body
    assert "public" in headers["Cache-Control"]


def test_a_signed_in_page_is_never_served_from_the_front(cluster):
    practitioner = Browser(cluster.front)
    practitioner.sign_in(PRACTITIONER_EMAIL, DEMO_PASSWORD)  # a form post, through the front
    for _ in range(2):
        status, headers, body = practitioner.get("/reflect/")
        assert status == 200
        assert headers["X-Cache"] == "miss"
    # Even a public page: signed-in people see their own header, never a shared copy.
    Browser(cluster.front).get(PAGE)
    status, headers, body = practitioner.get(PAGE)
    assert status == 200 and headers["X-Cache"] == "miss"
    assert "Sign out" in body or "sign out" in body.lower()


def test_the_front_refuses_purges_and_metrics_from_outside_its_acl(cluster):
    # The ACL lets loopback purge (the app servers); here we only check the metrics
    # address is never served through the front.
    status, _headers, _body = Browser(cluster.front).get("/metrics")
    assert status == 404


PUBLISH = """
import time
from irp.pages.models import StandardPage
page = StandardPage.objects.get(slug="about")
page.title = "About the project, {mark}"
page.save_revision().publish()
print("committed", time.time(), flush=True)
"""


def test_a_published_edit_is_visible_through_the_front_within_a_second(cluster):
    visitor = Browser(cluster.front)
    visitor.get(PAGE)
    assert is_hit(visitor.get(PAGE)[1])
    mark = f"edited {time.time_ns()}"
    # Read the moment of the commit as it is printed, and look through the front at
    # once, while the publishing process is still shutting down.
    publisher = subprocess.Popen(
        [sys.executable, "-m", "irp.cli", "shell", "-c", PUBLISH.format(mark=mark)],
        env=cluster.env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    committed = None
    for line in publisher.stdout:
        if line.startswith("committed"):
            committed = float(line.split()[1])
            break
    assert committed is not None, "the publish did not commit"
    while time.time() - committed < 5:
        if mark in visitor.get(PAGE)[2]:
            break
        time.sleep(0.02)
    visible_after = time.time() - committed
    publisher.stdout.close()
    assert publisher.wait(timeout=60) == 0
    assert mark in visitor.get(PAGE)[2]
    assert visible_after < 1.0, f"visible after {visible_after:.2f} s"


def test_each_app_server_serves_prometheus_metrics_on_its_own_loopback_ports(cluster):
    import urllib.request

    for n in range(5):  # some traffic for the counters
        Browser(cluster.front).get(f"/about/?metrics={n}")
    found = []
    for port in cluster.metrics_ports[0]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
                found.append(answer.read().decode())
        except OSError:
            continue
    assert found, "no gunicorn worker serves metrics"
    assert any("django_http_requests_total_by_method_total" in text for text in found)
