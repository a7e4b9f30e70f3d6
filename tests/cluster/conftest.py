"""The whole topology on loopback (bench/cluster.py), started once for these tests.

Marked `cluster`: they run with the PostgreSQL run of the suite (the cluster brings its
own PostgreSQL server, Redis, S3-compatible server, Varnish, two app servers and two
workers). CI requires them (IRP_REQUIRE=cluster); elsewhere they are skipped when
Varnish or PostgreSQL's server programs are missing.
"""

import http.cookiejar
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))


@pytest.fixture(scope="session")
def cluster():
    from cluster import Cluster

    started = Cluster().start()
    yield started
    started.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with its own cookies, as one person's browser would be."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def get(self, path: str):
        try:
            response = self.opener.open(self.base + path, timeout=15)
        except urllib.error.HTTPError as answer:
            response = answer
        body = response.read().decode(errors="replace")
        return response.status, response.headers, body

    def post(self, path: str, data: dict, referer: str):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + referer},
        )
        try:
            response = self.opener.open(request, timeout=15)
        except urllib.error.HTTPError as answer:
            response = answer
        return response.status, response.headers, response.read().decode(errors="replace")

    def sign_in(self, email: str, password: str) -> None:
        status, _headers, form = self.get("/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        status, _headers, _ = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": email, "password": password},
            referer="/accounts/login/",
        )
        assert status == 302, status


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as answer:
        return answer.code
    except OSError:
        return 0


class Load:
    """Requests in a loop from a thread, each recorded as (time, status)."""

    def __init__(self, url_for):
        self.url_for = url_for
        self.results: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        n = 0
        deadline = time.monotonic() + 300  # bounded, whatever happens
        while not self._stop.is_set() and time.monotonic() < deadline:
            n += 1
            self.results.append((time.monotonic(), status_of(self.url_for(n))))
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=30)

    def failures_after(self, moment: float) -> list[int]:
        return [status for at, status in self.results if at > moment and status != 200]
