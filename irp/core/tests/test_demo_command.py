import http.cookiejar
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command
from wagtail.models import Page

from irp.accounts.models import User
from irp.core.management.commands.demo import demo_environment


@pytest.mark.django_db
def test_demo_command_is_idempotent():
    call_command("demo", no_serve=True, stdout=io.StringIO())
    pages, users = Page.objects.count(), User.objects.count()
    output = io.StringIO()
    call_command("demo", no_serve=True, stdout=output)
    assert Page.objects.count() == pages
    assert User.objects.count() == users
    assert "staff@demo.infiniterecovery.example" in output.getvalue()
    assert "http://127.0.0.1:8000/" in output.getvalue()


def test_the_demo_serves_on_its_port_with_the_demo_settings_and_unbuffered_output():
    env = demo_environment(port=8301, environ={"PATH": "/bin", "SITE_URL": "http://x.example"})
    assert env["SITE_URL"] == "http://127.0.0.1:8301"
    assert env["DJANGO_SETTINGS_MODULE"] == "irp.settings.demo"
    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["PATH"] == "/bin"
    # Settings someone chose themselves are kept.
    chosen = demo_environment(port=8301, environ={"DJANGO_SETTINGS_MODULE": "mysite.settings"})
    assert chosen["DJANGO_SETTINGS_MODULE"] == "mysite.settings"


def test_the_demo_settings_show_the_sites_own_error_pages():
    from irp.settings import demo

    assert demo.DEBUG is False
    assert demo.SERVE_MEDIA is True
    assert "127.0.0.1" in demo.ALLOWED_HOSTS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"Timed out waiting for {what}.")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own loopback server)
            return True
    except (OSError, urllib.error.URLError):
        return False


def test_irp_demo_on_another_port_links_to_that_port_and_shows_its_own_404(tmp_path):
    """`irp demo --port N`, its output going to a file as someone might run it: a missing
    page is the site's own, and the confirmation email reaches the file at once with a
    link to port N."""
    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "SITE_URL", "DATABASE_URL", "EMAIL_URL")
        and k not in ("CACHE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTHONUNBUFFERED")
    }
    env["IRP_DATA_DIR"] = str(tmp_path / "data")
    log_path = tmp_path / "demo.log"
    with log_path.open("wb") as log:
        demo = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
            [sys.executable, "-m", "irp.cli", "demo", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to stop it as Ctrl-C would
        )
    try:
        _wait_for(lambda: _answers(site + "/healthz"), seconds=240, what="the demo to serve")

        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(site + "/no-such-page/", timeout=10)  # noqa: S310
        assert missing.value.code == 404
        page = missing.value.read().decode()
        assert "We could not find that page" in page
        assert "URLconf" not in page  # Django's debug page lists the URL patterns
        # Static files are still served without collectstatic.
        with urllib.request.urlopen(site + "/static/favicon.svg", timeout=10) as icon:  # noqa: S310
            assert icon.status == 200

        # Sign up as a new person would.
        cookies = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        form = browser.open(site + "/accounts/signup/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "email": "new.person@example.org",
                "password1": "a calm river at dawn",
                "password2": "a calm river at dawn",
            }
        ).encode()
        answer = browser.open(site + "/accounts/signup/", data=data, timeout=30)
        assert answer.url == site + "/accounts/confirm-email/"

        # The worker's console output reaches the file while the demo runs, not at exit:
        # the emails the demo content queued, each linking to this port.
        _wait_for(
            lambda: f"{site}/live/" in log_path.read_text(),
            seconds=60,
            what="the demo's emails in its output",
        )
        # The worker delivers the confirmation email to the console, linking here too.
        _wait_for(
            lambda: f"{site}/accounts/confirm-email/" in log_path.read_text(),
            seconds=60,
            what="the confirmation email in the demo's output",
        )
        assert "To: new.person@example.org" in log_path.read_text()
    finally:
        os.killpg(demo.pid, signal.SIGINT)
        try:
            demo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait()
    assert "127.0.0.1:8000" not in log_path.read_text()
