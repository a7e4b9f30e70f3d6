"""Benchmark: a practitioner with 2,000 CPD activities over 10 years (a third with a
four-part note), 60 reflective accounts and 100 live discussions attended, on
PostgreSQL. Measures the summary page p95 (targets: under 100 ms), making the PDF
record (under 5 s and 200 MB, in a process of its own so its peak memory is its own)
and the public verify page p95 (under 20 ms).

    uv run python bench/cpd.py [--quick]

`--quick` uses 200 activities and fewer runs (seconds, for CI). The database named by
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/irp_bench_cpd) is dropped
and created afresh, and dropped again at the end. Prints `metric: value unit` lines.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import metric, reset_postgres

PROJECT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/irp_bench_cpd"
)
EMAIL = "bench.practitioner@example.org"


def django_setup():
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irp.settings.test")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def make_record(activities: int, sessions: int, accounts: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from irp.accounts.models import User
    from irp.cpd import services
    from irp.cpd.models import Activity, BodyRule, Kind, ReflectiveAccount
    from irp.live_discussions.models import LiveSession, Place

    call_command("migrate", interactive=False, verbosity=0)
    person = User.objects.create_user(
        email=EMAIL,
        password="bench-password-1",  # noqa: S106
        display_name="Bench Practitioner",
    )
    services.choose_body(person=person, body=BodyRule.objects.get(code="nmc"))
    today = timezone.localdate()
    kinds = list(Kind)
    rows = []
    for n in range(activities):
        activity = Activity(
            person=person,
            done_on=today - dt.timedelta(days=(n * 3650) // activities),
            title=f"Bench activity {n}: reading and reflecting on the health model",
            kind=kinds[n % 3],
            hours=Decimal("0.25") * (1 + n % 12),
        )
        if n % 3 == 0:
            activity.reflect = "What happened in the group, in a few sentences. " * 3
            activity.learned = "What I learned about listening. " * 2
            activity.plan = "How my practice changes."
            activity.evaluate = "How I will know."
        rows.append(activity)
    Activity.objects.bulk_create(rows, batch_size=500)
    ReflectiveAccount.objects.bulk_create(
        [
            ReflectiveAccount(
                person=person,
                title=f"Bench account {n}",
                written_on=today - dt.timedelta(days=n * 60),
                reflect="A reflective account, in full. " * 20,
                learned="What I learned. " * 10,
                plan="What changes. " * 5,
                evaluate="How I will know. " * 5,
            )
            for n in range(accounts)
        ]
    )
    for n in range(sessions):
        starts = timezone.now() - dt.timedelta(days=7 + n * 30)
        session = LiveSession.objects.create(
            title=f"Bench live discussion {n}",
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=90),
            capacity=20,
            status=LiveSession.Status.PUBLISHED,
            format=LiveSession.Format.VENUE,
            venue_address="A room",
            cpd_hours=Decimal("1.5"),
        )
        Place.objects.create(
            session=session, person=person, status="confirmed", attendance="attended"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18]


def timed(fetch, runs: int) -> list[float]:
    fetch()  # warm up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = fetch()
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def measure_pages(runs: int) -> None:
    from django.test import Client

    from irp.accounts.models import User
    from irp.cpd import services

    person = User.objects.get(email=EMAIL)
    client = Client()
    client.force_login(person)
    summary = timed(lambda: client.get("/cpd/summary/"), runs)
    metric("summary_p95", f"{p95(summary):.1f}", "ms")
    metric("summary_median", f"{statistics.median(summary):.1f}", "ms")
    ten_years = timed(
        lambda: client.get("/cpd/summary/?starts_on=2000-01-01&ends_on=2100-01-01"), runs
    )
    metric("summary_all_years_p95", f"{p95(ten_years):.1f}", "ms")
    record = timed(lambda: client.get("/cpd/"), max(runs // 3, 5))
    metric("record_first_page_p95", f"{p95(record):.1f}", "ms")
    session = person.live_places.first().session_id
    certificate = services.issue_certificate(person=person, source_key=f"session:{session}")
    visitor = Client()
    from django.core.cache import cache

    def verify():
        cache.clear()  # the rate limit would stop a benchmark, not a person
        return visitor.get(certificate.verify_path)

    verifies = timed(verify, runs * 2)
    metric("verify_p95", f"{p95(verifies):.1f}", "ms")
    metric("verify_median", f"{statistics.median(verifies):.1f}", "ms")
    # A reference in the same run, since shared machines drift: the public list of live
    # discussions, a page of the same frame with one query of its own.
    reference = timed(lambda: visitor.get("/live/"), runs * 2)
    metric("reference_live_list_p95", f"{p95(reference):.1f}", "ms")
    metric("verify_to_reference", f"{p95(verifies) / p95(reference):.2f}", "ratio")
    metric("load_average", f"{os.getloadavg()[0]:.1f}", "processes")


def pdf_in_this_process() -> None:
    """Run as a child: make the PDF of the whole record and report time and memory.
    The process's own peak includes Django and WeasyPrint loaded; the memory the PDF
    itself adds is printed apart."""
    django_setup()
    import datetime as dt

    from irp.accounts.models import User
    from irp.cpd import documents, selectors

    person = User.objects.get(email=EMAIL)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    content = documents.record_pdf(person, starts_on=dt.date(2000, 1, 1), ends_on=dt.date.today())
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = selectors.count_records(person)
    metric("pdf_records", lines, "lines")
    metric("pdf_seconds", f"{seconds:.2f}", "s")
    metric("pdf_bytes", len(content), "bytes")
    metric("pdf_process_peak_memory", f"{peak:.0f}", "MB")
    metric("pdf_memory_added", f"{peak - before:.0f}", "MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, a few seconds")
    parser.add_argument("--pdf-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pdf_child:
        return pdf_in_this_process()
    activities = 200 if args.quick else 2000
    runs = 10 if args.quick else 60
    reset_postgres(DATABASE_URL)
    try:
        django_setup()
        began = time.perf_counter()
        make_record(
            activities, sessions=10 if args.quick else 100, accounts=6 if args.quick else 60
        )
        metric("activities", activities, "activities")
        metric("setup", f"{time.perf_counter() - began:.1f}", "s")
        measure_pages(runs)
        from django.db import connections

        connections.close_all()
        subprocess.run([sys.executable, __file__, "--pdf-child"], check=True, env=os.environ)
    finally:
        from django.db import connections

        connections.close_all()
        import psycopg

        admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
        name = DATABASE_URL.rsplit("/", 1)[1]
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
