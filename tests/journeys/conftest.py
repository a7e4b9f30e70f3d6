"""The whole system, as it runs, once per test session (see README.md beside this file).

A fresh database with the demo content, collected static files, gunicorn serving
`irp.wsgi`, a separate `irp worker` process, and a real SMTP server the tests read
from. The servers run with the base settings, configured only through the environment,
as a deployment is; nothing here touches pytest-django's test database or the
in-memory mail backend.
"""

import email
import email.policy
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
import pytest
from cryptography.fernet import Fernet

from irp.emails.testing import SMTPServer, free_port
from tests.browser.conftest import assert_accessible, axe  # noqa: F401  (fixtures)

from . import steps

PROJECT_DIR = Path(__file__).resolve().parents[2]
# How long a journey waits for an email the worker should deliver, and how long it then
# watches for a second copy of anything.
ARRIVAL_SECONDS = 20
SETTLE_SECONDS = 3
# The only variables the servers inherit from the caller: everything the site reads is
# set below, so a developer's own database, cache or mail server is never touched.
INHERITED = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "VIRTUAL_ENV")


# --- Emails as they arrived at the SMTP server ---------------------------------------


@dataclass
class Email:
    recipients: list[str]
    subject: str
    text: str
    html: str
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)

    def link(self, path_prefix: str) -> str:
        """The first link in the plain text whose path starts with `path_prefix`."""
        for url in re.findall(r"https?://\S+", self.text):
            if urlsplit(url).path.startswith(path_prefix):
                return url.rstrip(".,)>")
        raise AssertionError(f"No link to {path_prefix} in {self.subject!r}:\n{self.text}")


def parse(envelope) -> Email:
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return Email(
        recipients=[address.lower() for address in envelope.rcpt_tos],
        subject=str(message["Subject"]),
        text=text.get_content() if text else "",
        html=html.get_content() if html else "",
        attachments=[
            (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
            for part in message.iter_attachments()
        ],
    )


class Mailbox:
    """What the real SMTP server has received, read by recipient and subject."""

    def __init__(self, server: SMTPServer):
        self.server = server

    def to(self, address: str) -> list[Email]:
        address = address.lower()
        return [m for m in map(parse, list(self.server.messages)) if address in m.recipients]

    def wait_for(self, *, to: str, subject: str, timeout: float = ARRIVAL_SECONDS) -> Email:
        """The first email to `to` whose subject contains `subject`, polling up to
        `timeout` seconds for it to arrive."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.to(to) if subject in m.subject]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                received = [m.subject for m in self.to(to)]
                raise AssertionError(
                    f"No email to {to} with {subject!r} in its subject arrived at the SMTP "
                    f"server within {timeout:.0f} s. It received for {to}: {received}"
                )
            time.sleep(0.2)

    def assert_each_once(self, to: str, *, settle: float = SETTLE_SECONDS) -> list[Email]:
        """After `settle` seconds more, every subject sent to `to` arrived exactly once."""
        time.sleep(settle)
        received = self.to(to)
        twice = {s: n for s, n in Counter(m.subject for m in received).items() if n > 1}
        assert not twice, f"Delivered more than once to {to}: {twice}"
        return received


# --- The running site ----------------------------------------------------------------


class Site:
    """The servers' shared environment, their log files, and helpers to run commands."""

    def __init__(self, *, env: dict[str, str], logs: Path, url: str):
        self.env = env
        self.logs = logs
        self.url = url
        self.processes: dict[str, subprocess.Popen] = {}
        self.marks: dict[str, int] = {}
        self.timings: list[tuple[str, float]] = []
        self.arranged: dict[str, str] = {}
        self._clock = time.monotonic()

    def timed(self, phase: str) -> None:
        """Note how long `phase` took, since the previous note."""
        now = time.monotonic()
        self.timings.append((phase, now - self._clock))
        self._clock = now

    def log_path(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def run(self, *args: str, name: str) -> subprocess.Popen:
        """Start `args` with the site's environment, its output going to a log file."""
        log = self.log_path(name).open("ab")
        return subprocess.Popen(
            args, cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def irp(self, *args: str, timeout: float = 120) -> str:
        """Run an `irp` command to the end against the site's database; its output."""
        result = subprocess.run(
            [sys.executable, "-m", "irp.cli", *args],
            cwd=PROJECT_DIR, env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        assert result.returncode == 0, f"irp {args[0]} failed:\n{result.stdout}{result.stderr}"
        return result.stdout

    def python(self, code: str) -> str:
        """Run Python inside the site (`irp shell -c`), to arrange what the demo lacks."""
        return self.irp("shell", "-c", code)

    def start(self, name: str, *args: str) -> None:
        self.processes[name] = self.run(*args, name=name)

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} stopped at start-up:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"The site did not answer within {timeout:.0f} s:\n{self.tail()}")

    def stop(self) -> None:
        for name, process in self.processes.items():
            # gunicorn's quick shutdown: nothing is left to finish once the journeys end.
            process.send_signal(signal.SIGINT if name == "gunicorn" else signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self.timed(f"stopping {name}")

    def mark(self) -> None:
        """Remember where each log ends now: `tail(since_mark=True)` shows only what
        came after."""
        self.marks = {p.stem: p.stat().st_size for p in self.logs.glob("*.log")}

    def tail(self, *, since_mark: bool = False, limit: int = 12000) -> str:
        parts = []
        for path in sorted(self.logs.glob("*.log")):
            with path.open("rb") as log:
                log.seek(self.marks.get(path.stem, 0) if since_mark else 0)
                text = log.read().decode(errors="replace")
            if len(text) > limit:
                text = "…\n" + text[-limit:]
            parts.append(f"----- {path.stem} -----\n{text}")
        return "\n".join(parts)


def journeys_database(logs: Path) -> str:
    """A database of the journeys' own: an SQLite file in the session's temporary
    folder, or, when DATABASE_URL names PostgreSQL, `<that name>_journeys` on the same
    server, dropped and created fresh."""
    given = os.environ.get("DATABASE_URL", "")
    if not given or "postgresql" not in environ.Env.db_url_config(given)["ENGINE"]:
        return f"sqlite:///{logs.parent / 'data' / 'journeys.sqlite3'}"
    import psycopg

    parts = urlsplit(given)
    name = parts.path.lstrip("/") + "_journeys"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def drop_journeys_database(url: str) -> None:
    if not url.startswith("postgres"):
        return  # the temporary folder goes with the SQLite file
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_site: Site | None = None
_timings: list[tuple[str, float]] = []


def pytest_terminal_summary(terminalreporter):
    if _timings:
        terminalreporter.write_line(
            "journeys: " + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in _timings)
        )


@pytest.fixture(scope="session")
def smtp_server_for_journeys():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site(smtp_server_for_journeys):
    """The site served by gunicorn with a task worker beside it, on a fresh database
    with the demo content. Torn down at the end of the session."""
    global _site
    with tempfile.TemporaryDirectory(prefix="irp-journeys-") as folder:
        root = Path(folder)
        logs = root / "logs"
        logs.mkdir()
        (root / "data").mkdir()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        database_url = journeys_database(logs)
        env = {k: v for k, v in os.environ.items() if k in INHERITED}
        env.update(
            DJANGO_SETTINGS_MODULE="irp.settings.base",
            DATABASE_URL=database_url,
            SECRET_KEY=secrets.token_urlsafe(50),
            DEBUG="off",
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=url,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_server_for_journeys.port}",
            IRP_DATA_DIR=str(root / "data"),
            IRP_STATIC_ROOT=str(root / "static"),
            REFLECTION_KEYS=Fernet.generate_key().decode(),
            # A person needs a second to fill in the contact form, not three.
            ENQUIRY_MIN_FILL_SECONDS="1",
            PYTHONUNBUFFERED="1",
        )
        _site = Site(env=env, logs=logs, url=url)
        try:
            # With DEBUG off the site serves the hashed files collectstatic writes, as
            # in production; collecting runs beside the migrations to save time.
            prepare = {
                "collectstatic": _site.run(
                    sys.executable, "-m", "irp.cli", "collectstatic", "--noinput",
                    name="collectstatic",
                ),
                "demo": _site.run(
                    sys.executable, "-m", "irp.cli", "demo", "--no-serve", name="demo"
                ),
            }  # fmt: skip
            for name, process in prepare.items():
                if process.wait(timeout=300) != 0:
                    raise RuntimeError(f"irp {name} failed:\n{_site.tail()}")
                _site.timed(f"irp {name}")
            _site.start(
                "gunicorn",
                sys.executable, "-m", "gunicorn", "irp.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync",
                "--timeout", "60", "--graceful-timeout", "5", "--preload", "--access-logfile", "-",
            )  # fmt: skip
            _site.start("worker", sys.executable, "-m", "irp.cli", "worker")
            _site.arranged = {key: new_address(key) for key in steps.PEOPLE}
            steps.arrange(_site, _site.arranged)
            _site.timed("arranging people")
            _site.wait_until_serving()
            _site.timed("gunicorn serving")
            yield _site
            _site.timed("journeys")
        finally:
            _site.stop()
            _timings.extend(_site.timings)
            _site = None
            drop_journeys_database(database_url)


@pytest.fixture(scope="session")
def mailbox(smtp_server_for_journeys, site):
    return Mailbox(smtp_server_for_journeys)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, site):
    """Every page opens relative to the running site. (Not through pytest-base-url's
    `base_url`: the plugin's context arguments are kept for the whole session, and other
    browser tests may have made them first.)"""
    return {**browser_context_args, "base_url": site.url}


@pytest.fixture(autouse=True)
def _logs_from_here(request):
    if request.node.get_closest_marker("journey") and _site is not None:
        _site.mark()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and _site is not None:
        report.sections.append(("journey site logs", _site.tail(since_mark=True)))
    return report


def new_address(who: str) -> str:
    """An address nobody else in this run (or an earlier one) has used."""
    return f"{who}.{secrets.token_hex(4)}@journeys.example"


@pytest.fixture
def unique_address():
    return new_address


@pytest.fixture(scope="session")
def arranged(site):
    """{key in steps.PEOPLE: their address}: people the demo lacks, made at start-up."""
    return site.arranged
