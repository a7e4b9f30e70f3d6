"""What the benchmarks share: printing a figure, waiting for a server, a fresh database.

Every benchmark makes its own PostgreSQL database with `own_postgres()` and drops it at
the end, so a benchmark never depends on (or empties) a database someone else made, and
takes `--quick`: small data and short runs, seconds end to end, which CI runs so a
benchmark cannot quietly stop working. Figures from a quick run are not meaningful.
"""

import contextlib
import os
import time
import urllib.parse
import urllib.request

# The server every benchmark database is made on (the database named here is only used
# to connect; each benchmark makes and drops its own beside it).
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
# A migrated database to copy instead of starting empty (bench/run-quick makes one, so
# the quick runs do not each spend a minute migrating). The copy migrates what is left.
TEMPLATE = os.environ.get("BENCH_TEMPLATE_DATABASE", "")


def metric(name: str, value, unit: str) -> None:
    """One figure, as every benchmark prints it: `name: value unit`."""
    print(f"{name}: {value} {unit}", flush=True)


def wait_for(url: str, timeout: float = 60) -> None:
    """Return once the URL answers 200; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _admin_url(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.path.lstrip("/"), urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def reset_postgres(url: str) -> None:
    """Drop and create the database the URL names, so a run starts from nothing."""
    import psycopg

    name, admin = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = f' TEMPLATE "{TEMPLATE}"' if TEMPLATE and name != TEMPLATE else ""
        conn.execute(f'CREATE DATABASE "{name}"{template}')


def drop_postgres(url: str) -> None:
    """Drop the database the URL names (closing anyone still connected)."""
    import psycopg

    name, admin = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_url(label: str) -> str:
    """The address of a database of this benchmark's own, unique to this run."""
    parts = urllib.parse.urlsplit(POSTGRES_SERVER)
    return urllib.parse.urlunsplit(parts._replace(path=f"/irp_bench_{label}_{os.getpid()}"))


@contextlib.contextmanager
def own_postgres(label: str, keep: bool = False):
    """A fresh PostgreSQL database for this run, dropped afterwards (unless `keep`)."""
    url = postgres_url(label)
    reset_postgres(url)
    try:
        yield url
    finally:
        if keep:
            print(f"kept the database: {url}", flush=True)
        else:
            drop_postgres(url)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
