"""What the benchmarks share: printing a figure, waiting for a server, a fresh database."""

import time
import urllib.parse
import urllib.request


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


def reset_postgres(url: str) -> None:
    """Drop and create the database the URL names, so a run starts from nothing."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
