"""Contact form latency while SMTP is slow, and how long until every email is delivered.

An SMTP server (aiosmtpd) that takes 5 s to accept each message runs in this process;
the site runs under gunicorn in other processes, with `irp worker` processes beside it.
This process is the client: it posts the contact form one enquiry at a time and times
each submission, on SQLite and then on PostgreSQL.

    uv run python bench/enquiry.py [--enquiries 40] [--workers 4] [--smtp-delay 5]
                                   [--no-postgres] [--quick]

The PostgreSQL run makes a database of its own on BENCH_POSTGRES (default: the server on
127.0.0.1:5432) and drops it at the end. `--quick`: 5 enquiries, 2 workers, a mail
server taking 0.2 s a message, on PostgreSQL only.

Prints one `metric: value unit` line per figure.
"""

import argparse
import http.cookiejar
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from support import own_postgres, wait_for  # noqa: E402

from irp.emails.testing import SMTPServer, free_port  # noqa: E402

DEMO_ENQUIRIES = 2  # `irp demo` submits two demo enquiries, each with two emails
WARM_UP = 3  # submissions sent first and not timed (each process's first request)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(label: str, database_url: str | None, args) -> None:
    smtp = SMTPServer(delay=args.smtp_delay).start()
    data_dir = tempfile.mkdtemp(prefix="irp-bench-")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "irp.settings.base",
        "IRP_DATA_DIR": data_dir,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        # Each simulated person comes through "a proxy" with their own address.
        "TRUSTED_PROXY_COUNT": "1",
        "ENQUIRY_MIN_FILL_SECONDS": "0",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "off",  # as in production: cached templates, compressed static files
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    processes = []
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    try:
        for command in (["collectstatic", "--noinput"], ["demo", "--no-serve"]):
            subprocess.run(
                [sys.executable, "-m", "irp.cli", *command], env=env, check=True, **quiet
            )
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "irp.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.web_workers),
                    "--access-logfile",
                    "/dev/null",
                ],
                env=env,
                cwd=ROOT,
                **quiet,
            )
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/contact/")

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        form = opener.open(base + "/contact/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        shown = re.search(r'name="shown" value="([^"]+)"', form).group(1)

        for _ in range(args.workers):
            processes.append(
                subprocess.Popen([sys.executable, "-m", "irp.cli", "worker"], env=env, **quiet)
            )
        # Timing starts once the workers are up and running: they have delivered the
        # demo content's emails (or, without workers, after a pause).
        ready_by = time.monotonic() + 120
        while args.workers and len(smtp.messages) < 2 * DEMO_ENQUIRIES:
            if time.monotonic() > ready_by:
                raise RuntimeError("the workers delivered nothing within 120 s")
            time.sleep(0.2)
        time.sleep(2)

        # A reference in the same run: the cheapest page there is, to show the machine's state.
        reference = []
        for _ in range(20):
            began = time.perf_counter()
            urllib.request.urlopen(base + "/healthz").read()
            reference.append((time.perf_counter() - began) * 1000)

        started = time.monotonic()
        latencies = []
        for n in range(WARM_UP + args.enquiries):
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"Bench Person {n}",
                    "email": f"bench{n}@example.org",
                    "role": "counsellor",
                    "organisation": "Bench Services",
                    "hopes": "Timing the contact form while the mail server is slow. " * 5,
                    "consent": "on",
                    "shown": shown,
                }
            ).encode()
            request = urllib.request.Request(
                base + "/contact/",
                data=body,
                headers={
                    "X-Forwarded-For": f"10.{n // 65536}.{n // 256 % 256}.{n % 256}",
                    "Referer": base + "/contact/",
                },
            )
            began = time.perf_counter()
            try:
                opener.open(request)
                status = 200
            except urllib.error.HTTPError as response:
                status = response.code
            if n >= WARM_UP:
                latencies.append((time.perf_counter() - began) * 1000)
            if status != 302:
                raise RuntimeError(f"submission {n} answered {status}, not a redirect")
        submitted = time.monotonic() - started

        expected = 2 * (WARM_UP + args.enquiries + DEMO_ENQUIRIES)
        deadline = time.monotonic() + args.timeout
        while len(smtp.messages) < expected and time.monotonic() < deadline:
            time.sleep(0.5)
        delivered = time.monotonic() - started
        time.sleep(2 * args.smtp_delay)  # anything sent twice would arrive by now

        print(f"{label}_submissions: {args.enquiries} enquiries")
        print(f"{label}_submit_p50: {statistics.median(latencies):.1f} ms")
        print(f"{label}_submit_p95: {percentile(latencies, 0.95):.1f} ms")
        print(f"{label}_submit_p99: {percentile(latencies, 0.99):.1f} ms")
        print(f"{label}_submit_max: {max(latencies):.1f} ms")
        print(f"{label}_healthz_reference_p50: {statistics.median(reference):.1f} ms")
        print(f"{label}_all_submitted_after: {submitted:.1f} s")
        print(f"{label}_emails_expected: {expected} emails")
        print(f"{label}_emails_delivered: {len(smtp.messages)} emails")
        ids = [m.content.split(b"Message-ID:")[1].split(b"\n")[0] for m in smtp.messages]
        print(f"{label}_emails_sent_twice: {len(ids) - len(set(ids))} emails")
        print(f"{label}_all_emails_delivered_after: {delivered:.1f} s")
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enquiries", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4, help="irp worker processes")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--smtp-delay", type=float, default=5.0)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--quick", action="store_true", help="small numbers, seconds")
    args = parser.parse_args()
    if args.quick:
        args.enquiries, args.workers, args.smtp_delay = 5, 2, 0.2
    if not args.quick:
        run("sqlite", None, args)
    if not args.no_postgres:
        with own_postgres("enquiry") as url:
            run("postgresql", url, args)


if __name__ == "__main__":
    main()
