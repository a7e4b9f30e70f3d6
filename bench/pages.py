"""Benchmark: anonymous views of the professionals page, served as production would.

For SQLite and PostgreSQL in turn: load the demo content, serve the site with gunicorn
on loopback, and measure with wrk at concurrency 1 and 32 (throughput and p50/p95/p99
latency). In the same run, nginx serves the same HTML as a static file, as a reference:
`ours/static` is the ratio of throughputs. Also measured: a cache-miss render (the page
rendered afresh each time) and the first view's weight and request count.

    uv run python bench/pages.py [--duration 8] [--databases sqlite,postgres] [--quick]

Needs wrk and nginx, and PostgreSQL on 127.0.0.1:5432 (BENCH_POSTGRES names another
server); the PostgreSQL run makes a database of its own and drops it at the end.
`--quick` runs each measurement for a second, on PostgreSQL only. The page cache is the embedded
default's database table unless BENCH_CACHE_URL names another (e.g.
redis://127.0.0.1:6379/11). BENCH_WORKERS sets the gunicorn worker count. Prints one
`metric: value unit` line per figure.
"""

import argparse
import gzip
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from support import metric, own_postgres, wait_for

PROJECT = Path(__file__).resolve().parent.parent
PAGE = "/who-is-this-for/professionals-addiction/"
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
# Default: the embedded default's cache, a table in the same database, which every
# gunicorn worker shares (so a publish clears it for all). BENCH_CACHE_URL=redis://… for Redis.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "")

# wrk prints the percentiles we need (p95 is not in its --latency table).
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("REQUESTS %d\\n", summary.requests))
  io.write(string.format("DURATION_US %d\\n", summary.duration))
  io.write(string.format("ERRORS %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in pairs({50, 95, 99}) do
    io.write(string.format("P%d_US %d\\n", p, latency:percentile(p)))
  end
end
"""

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
  server {{
    listen 127.0.0.1:{port};
    root {root}/www;
    default_type text/html;
    location / {{ try_files $uri $uri/index.html =404; }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, connections: int, duration: int, workdir: Path) -> dict:
    script = workdir / "report.lua"
    script.write_text(WRK_REPORT)
    threads = 1 if connections == 1 else 2
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(re.findall(r"^([A-Z0-9_]+) (\d+)$", out, re.M))
    seconds = int(values["DURATION_US"]) / 1e6
    return {
        "rps": int(values["REQUESTS"]) / seconds,
        "p50": int(values["P50_US"]) / 1000,
        "p95": int(values["P95_US"]) / 1000,
        "p99": int(values["P99_US"]) / 1000,
        "errors": int(values["ERRORS"]),
    }


class AssetFinder(HTMLParser):
    """The files a browser fetches for a first view: stylesheets, scripts, images, icons."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"):
            self.assets.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.assets.append(attrs["src"])


def fetch_compressed(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        encoded = response.headers.get("Content-Encoding")
    # Count what travels: compressed when the server compressed, else gzip it as a
    # front proxy would (gunicorn itself does not compress HTML).
    wire = len(body) if encoded else len(gzip.compress(body, 9))
    return wire, gzip.decompress(body) if encoded == "gzip" else body


def first_view(base: str) -> None:
    size, html = fetch_compressed(base + PAGE)
    finder = AssetFinder()
    finder.feed(html.decode())
    other_hosts = 0
    for asset in finder.assets:
        if asset.startswith(("http://", "https://", "//")) and not asset.startswith(base):
            other_hosts += 1
            continue
        size += fetch_compressed(base + asset if asset.startswith("/") else asset)[0]
    metric("first_view_weight", round(size / 1024, 1), "KB")
    metric("first_view_requests", 1 + len(finder.assets), "requests")
    metric("first_view_other_hosts", other_hosts, "requests")


def miss_render(base: str, count: int = 300, warm_up: int = 30) -> list[float]:
    """The page rendered afresh each time: a new query string bypasses the page cache."""
    times = []
    for i in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}{PAGE}?miss={i}", timeout=10) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return times[warm_up:]  # leave out the first few, while every worker warms up


def run_database(label: str, database_url: str | None, args, workdir: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "irp.settings.base",
        "DEBUG": "off",
        "IRP_DATA_DIR": str(workdir / f"data-{label}"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("DATABASE_URL", None)
    env.pop("CACHE_URL", None)
    if CACHE_URL:
        env["CACHE_URL"] = CACHE_URL
    if database_url:
        env["DATABASE_URL"] = database_url
    irp = [sys.executable, "-m", "irp.cli"]
    subprocess.run([*irp, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    subprocess.run([*irp, "collectstatic", "--noinput"], env=env, check=True, capture_output=True)
    # Start from an empty page cache, so every figure below is from this run.
    subprocess.run(
        [*irp, "shell", "-c", "from irp.pages.cache import clear_page_cache; clear_page_cache()"],
        env=env,
        check=True,
        capture_output=True,
    )

    port = free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "irp.wsgi",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=PROJECT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + PAGE)
        times = miss_render(base, *((40, 10) if args.quick else (300, 30)))
        metric(f"{label}_cache_miss_render_p50", round(statistics.median(times), 2), "ms")
        metric(
            f"{label}_cache_miss_render_p95",
            round(statistics.quantiles(times, n=20)[-1], 2),
            "ms",
        )
        if label == "sqlite":
            first_view(base)

        # The reference: the same HTML as a static file, from nginx, in the same run.
        html = urllib.request.urlopen(base + PAGE, timeout=10).read()
        static_root = workdir / f"nginx-{label}"
        (static_root / "www" / PAGE.strip("/")).mkdir(parents=True)
        (static_root / "tmp").mkdir()
        (static_root / "www" / PAGE.strip("/") / "index.html").write_bytes(html)
        nginx_port = free_port()
        conf = static_root / "nginx.conf"
        conf.write_text(NGINX_CONF.format(root=static_root, port=nginx_port))
        nginx = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(static_root), "-g", "user root;"]
            if os.geteuid() == 0
            else ["nginx", "-c", str(conf), "-p", str(static_root)],
        )
        try:
            wait_for(f"http://127.0.0.1:{nginx_port}{PAGE}")
            for connections in (1, 32):
                ours = wrk(base + PAGE, connections, args.duration, workdir)
                static = wrk(
                    f"http://127.0.0.1:{nginx_port}{PAGE}",
                    connections,
                    min(3, args.duration),
                    workdir,
                )
                prefix = f"{label}_c{connections}"
                metric(f"{prefix}_throughput", round(ours["rps"]), "req/s")
                for p in ("p50", "p95", "p99"):
                    metric(f"{prefix}_latency_{p}", round(ours[p], 2), "ms")
                metric(f"{prefix}_errors", ours["errors"], "requests")
                metric(f"{prefix}_static_throughput", round(static["rps"]), "req/s")
                metric(f"{prefix}_ours_static_ratio", round(ours["rps"] / static["rps"], 3), "x")
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--quick", action="store_true", help="a second per measurement")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.databases = 1, "postgres"
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is needed for this benchmark")
    os.environ["PATH"] += os.pathsep + "/usr/sbin"
    metric("gunicorn_workers", WORKERS, "processes")
    metric("load_average_at_start", round(os.getloadavg()[0], 2), "runnable")
    with tempfile.TemporaryDirectory(prefix="irp-bench-") as tmp:
        workdir = Path(tmp)
        for label in args.databases.split(","):
            if label == "postgres":
                with own_postgres("pages") as url:
                    run_database(label, url, args, workdir)
            else:
                run_database(label, None, args, workdir)


if __name__ == "__main__":
    main()
