"""Benchmark: the production topology under a mixed load, on scale data.

    uv run python bench/scale.py [--people 100000] [--quick]

Starts the cluster (bench/cluster.py: Varnish, two app servers, two workers, Redis,
the S3-compatible server, a fresh PostgreSQL), fills it with `irp seed-scale`, then:

- anonymous pages through the front with wrk, beside nginx serving the same HTML as a
  static file in the same run (`front_static_ratio`);
- a locust load (bench/locustfile.py: 80% anonymous readers, signed-in practitioners,
  one member of staff on the inbox) at rising numbers of users: the signed-in p95 at
  each, and the highest load with no errors and a signed-in p95 under 100 ms;
- publish-to-visible time through the front, over 20 publishes (median and max);
- the restore drill at this scale: `irp backup`, then `irp restore` into a new database.

`--quick`: 200 people, short runs, 3 publishes; it checks that everything runs.
"""

import argparse
import csv
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from cluster import Cluster, _as_postgres, _postgres_bin  # noqa: E402
from pages import NGINX_CONF, wrk  # noqa: E402
from support import free_port, metric, wait_for  # noqa: E402

# The demo people's sign-in details come from the accounts app's demo module, which
# needs Django set up (any settings will do: nothing here touches a database).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irp.settings.test")
sys.path.insert(0, str(BENCH_DIR.parent))
import django  # noqa: E402

django.setup()

from irp.accounts.demo import (  # noqa: E402
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    PRACTITIONER_EMAIL,
    STAFF_EMAIL,
)

PAGE = "/who-is-this-for/professionals-addiction/"

PUBLISH = """
import time
from irp.pages.models import StandardPage
page = StandardPage.objects.get(slug="about")
for n in range({count}):
    page.title = f"About {{time.time_ns()}}"
    page.save_revision().publish()
    print("published", page.title, time.time(), flush=True)
    time.sleep({pause})
"""


def anonymous_ratio(cluster: Cluster, duration: int, workdir: Path) -> None:
    html = urllib.request.urlopen(cluster.front + PAGE, timeout=10).read()
    root = workdir / "nginx"
    (root / "www" / PAGE.strip("/")).mkdir(parents=True)
    (root / "tmp").mkdir()
    (root / "www" / PAGE.strip("/") / "index.html").write_bytes(html)
    port = free_port()
    (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=port))
    command = [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(root / "nginx.conf"),
               "-p", str(root)] + (["-g", "user root;"] if os.geteuid() == 0 else [])  # fmt: skip
    nginx = subprocess.Popen(command)
    try:
        wait_for(f"http://127.0.0.1:{port}{PAGE}")
        front = wrk(cluster.front + PAGE, 32, duration, workdir)
        static = wrk(f"http://127.0.0.1:{port}{PAGE}", 32, duration, workdir)
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=10)
    metric("front_anonymous_throughput", round(front["rps"]), "req/s")
    metric("front_anonymous_p95", round(front["p95"], 2), "ms")
    metric("front_anonymous_errors", front["errors"], "requests")
    metric("static_nginx_throughput", round(static["rps"]), "req/s")
    metric("front_static_ratio", round(front["rps"] / static["rps"], 3), "x")


def number(text: str) -> float:
    """A figure from locust's CSV ("N/A" when a group made no request)."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def locust_run(cluster: Cluster, users: int, seconds: int, workdir: Path) -> dict:
    prefix = workdir / f"locust-{users}"
    env = {
        **os.environ,
        "SCALE_PASSWORD": DEMO_PASSWORD,
        "SCALE_PRACTITIONER": PRACTITIONER_EMAIL,
        "SCALE_STAFF": STAFF_EMAIL,
        "SCALE_STAFF_SECRET": DEMO_TOTP_SECRET,
    }
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(BENCH_DIR / "locustfile.py"), "--headless",
         "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", cluster.front,
         "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
        env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    rows = {row["Name"]: row for row in csv.DictReader(open(f"{prefix}_stats.csv"))}  # noqa: SIM115
    figures = {}
    for name in ("anonymous", "signed-in", "staff", "Aggregated"):
        row = rows.get(name)
        if row:
            figures[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p95": number(row["95%"]),
                "rps": number(row["Requests/s"]),
            }
    return figures


def load_steps(cluster: Cluster, steps: list[int], seconds: int, workdir: Path) -> None:
    sustained = None
    for users in steps:
        figures = locust_run(cluster, users, seconds, workdir)
        signed = figures.get("signed-in", {"p95": 0, "failures": 0, "requests": 0})
        metric(f"load_{users}_users_signed_in_requests", signed["requests"], "requests")
        total = figures.get("Aggregated", {"failures": 0, "rps": 0})
        metric(f"load_{users}_users_throughput", round(total["rps"], 1), "req/s")
        metric(f"load_{users}_users_signed_in_p95", signed["p95"], "ms")
        metric(f"load_{users}_users_failures", total["failures"], "requests")
        if "staff" in figures:
            metric(f"load_{users}_users_staff_p95", figures["staff"]["p95"], "ms")
        if total["failures"] == 0 and signed["requests"] and signed["p95"] < 100:
            sustained = (users, total["rps"], signed["p95"])
    if sustained:
        metric("highest_load_signed_in_p95_under_100ms", sustained[0], "users")
        metric("highest_load_throughput", round(sustained[1], 1), "req/s")
        metric("highest_load_signed_in_p95", sustained[2], "ms")
    else:
        metric("highest_load_signed_in_p95_under_100ms", 0, "users")


def publish_to_visible(cluster: Cluster, count: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "irp.cli", "shell", "-c", PUBLISH.format(count=count, pause=1.0)],
        env=cluster.env(), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    delays = []
    for line in process.stdout:
        if not line.startswith("published"):
            continue
        # "published About 1764465200123456789 1764465200.12": the new title, then when.
        words = line.split()
        title_text, committed = " ".join(words[1:3]), float(words[3])
        while time.time() - committed < 10:
            body = urllib.request.urlopen(cluster.front + "/about/", timeout=10).read().decode()
            if title_text in body:
                break
            time.sleep(0.01)
        delays.append(time.time() - committed)
    process.wait()
    metric("publish_to_visible_median", round(statistics.median(delays) * 1000), "ms")
    metric("publish_to_visible_max", round(max(delays) * 1000), "ms")
    metric("publishes", len(delays), "publishes")


def restore_drill(cluster: Cluster, workdir: Path) -> None:
    began = time.monotonic()
    cluster.irp("backup", str(workdir / "backup"))
    backed_up = time.monotonic() - began
    subprocess.run(
        _as_postgres([str(_postgres_bin() / "createdb"), "-h", "127.0.0.1", "-p",
                      str(cluster.pg_port), "-U", "postgres", "irp_drill"]),
        check=True,
    )  # fmt: skip
    began = time.monotonic()
    cluster.irp(
        "restore", str(workdir / "backup"),
        DATABASE_URL=cluster.database_url.rsplit("/", 1)[0] + "/irp_drill",
    )  # fmt: skip
    metric("backup_time", round(backed_up, 1), "s")
    metric("restore_time", round(time.monotonic() - began, 1), "s")
    metric("backup_size", round((workdir / "backup/database.dump").stat().st_size / 2**20, 1), "MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    people = 200 if args.quick else args.people
    seconds, duration = (10, 2) if args.quick else (20, 10)
    steps = [4] if args.quick else [4, 8, 16, 32, 48]
    began = time.monotonic()
    cluster = Cluster().start()
    metric("cluster_start_time", round(time.monotonic() - began, 1), "s")
    try:
        began = time.monotonic()
        cluster.irp("seed-scale", "--people", str(people))
        metric("seed_scale_people", people, "people")
        metric("seed_scale_time", round(time.monotonic() - began, 1), "s")
        with tempfile.TemporaryDirectory(prefix="irp-scale-") as tmp:
            workdir = Path(tmp)
            anonymous_ratio(cluster, duration, workdir)
            load_steps(cluster, steps, seconds, workdir)
            publish_to_visible(cluster, 3 if args.quick else 20)
            restore_drill(cluster, workdir)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
