"""Benchmark: programmes at scale, on PostgreSQL.

With 200 programmes' worth of steps (2,000 steps), 500 cohorts and 50,000 enrolments:
a member's cohort page and a step page (p95, and the queries each makes, which must not
grow with the data), and the weekly step email for a 1,000-person cohort (time to queue).

    uv run python bench/programmes.py [--quick]

`--quick` uses small data (seconds), for CI. Needs PostgreSQL on 127.0.0.1:5432
(BENCH_DATABASE_URL to choose another; that database is dropped and created afresh).
Prints one `metric: value unit` line per figure.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from support import metric, reset_postgres

POSTGRES_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/irp_bench_programmes"
)


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, for CI")
    return parser.parse_args()


ARGS = parse()
SCALE = (
    {"programmes": 4, "cohorts": 10, "enrolments": 500, "big_cohort": 100, "runs": 20}
    if ARGS.quick
    else {"programmes": 200, "cohorts": 500, "enrolments": 50_000, "big_cohort": 1000, "runs": 60}
)
STEPS_PER_PROGRAMME = 10  # 2 modules of 5

reset_postgres(POSTGRES_URL)
os.environ["DATABASE_URL"] = POSTGRES_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irp.settings.test")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from irp.accounts.models import User  # noqa: E402
from irp.pages.demo import load as load_pages  # noqa: E402
from irp.programmes import sending, services  # noqa: E402
from irp.programmes.models import (  # noqa: E402
    Cohort,
    Enrolment,
    ModulePage,
    ProgrammeIndexPage,
    ProgrammePage,
    StepPage,
)
from irp.programmes.tests.factories import programmes_index  # noqa: E402

# Emails are stored for sending; their delivery is not what is measured.
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
settings.ALLOWED_HOSTS = ["*"]


def people(prefix: str, count: int) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@example.org", display_name=f"{prefix} {n}")
            for n in range(count)
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    return users


def programme(n: int):
    """A live programme of two modules of five steps, one opening each week. Pages are
    added live, without revisions: the tree is what the pages read, and it is quicker."""
    index = ProgrammeIndexPage.objects.get()
    page = index.add_child(
        instance=ProgrammePage(
            title=f"Programme {n}",
            slug=f"programme-{n}",
            summary="A programme.",
            weekly_time="About two hours a week",
        )
    )
    week = 0
    for m in range(2):
        module = page.add_child(instance=ModulePage(title=f"Module {m}", slug=f"module-{m}"))
        for s in range(5):
            module.add_child(
                instance=StepPage(
                    title=f"Step {m}.{s}",
                    slug=f"step-{m}-{s}",
                    opens_after_weeks=week,
                    reflection_prompt="What do you notice?",
                    content=[("text", "<p>" + "Words of the step. " * 40 + "</p>")],
                )
            )
            week += 1
    return page


CPU_TIMES: dict[str, float] = {}


def measure_page(client, url: str, runs: int) -> tuple[float, int]:
    """p95 wall-clock milliseconds, and the queries of one view. The CPU time this
    process spent (the database's is not in it) is kept too: on a shared machine the
    wall clock also counts time spent waiting for a core."""
    client.get(url)  # warm
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    CPU_TIMES[url] = statistics.quantiles(cpu, n=20)[18]
    return statistics.quantiles(times, n=20)[18], len(queries)


def member_pages(client, cohort, step, runs):
    cohort_ms, cohort_q = measure_page(
        client, reverse("programmes:member_cohort", args=[cohort.pk]), runs
    )
    step_ms, step_q = measure_page(
        client, reverse("programmes:step", args=[cohort.pk, step.pk]), runs
    )
    return cohort_ms, cohort_q, step_ms, step_q


def main():
    call_command("migrate", interactive=False, verbosity=0)
    load_pages(stdout=open(os.devnull, "w"))  # noqa: SIM115
    today = timezone.localdate()
    started = today - dt.timedelta(weeks=3)

    # The member measured, first in a site with one programme and one cohort.
    programmes_index()
    first = programme(0)
    [member] = people("member", 1)
    cohort = Cohort.objects.create(
        programme=first, starts_on=started, capacity=SCALE["big_cohort"] * 2, status="closed"
    )
    enrolment = Enrolment.objects.create(cohort=cohort, person=member, state="enrolled")
    step = first.steps()[1]
    services.mark_step_taken(enrolment=enrolment, step=step)
    client = Client()
    client.force_login(member)
    _, small_cohort_q, _, small_step_q = member_pages(client, cohort, step, 3)

    # Then the data grows around them.
    start = time.perf_counter()
    for n in range(1, SCALE["programmes"]):
        programme(n)
    programmes = list(ProgrammeIndexPage.objects.get().get_children().specific())
    cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                programme=programmes[n % len(programmes)],
                # Never a whole number of weeks from today: only the measured
                # cohort has a step opening today, for the weekly email below.
                starts_on=started - dt.timedelta(days=1 + n % 6),
                capacity=200,
                status="closed",
            )
            for n in range(SCALE["cohorts"] - 1)
        ]
    )
    crowd = people("person", SCALE["enrolments"])
    Enrolment.objects.bulk_create(
        [
            Enrolment(cohort=cohorts[n % len(cohorts)], person=p, state="enrolled")
            for n, p in enumerate(crowd)
        ],
        batch_size=5000,
    )
    # The member's own cohort gets a big membership too (for the weekly email).
    Enrolment.objects.bulk_create(
        [
            Enrolment(cohort=cohort, person=p, state="enrolled")
            for p in crowd[: SCALE["big_cohort"] - 1]
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    metric("programmes_data_build", round(time.perf_counter() - start, 1), "s")
    metric("programmes_steps", StepPage.objects.count(), "steps")
    metric("programmes_modules", ModulePage.objects.count(), "modules")
    metric("programmes_cohorts", Cohort.objects.count(), "cohorts")
    metric("programmes_enrolments", Enrolment.objects.count(), "enrolments")

    cohort_ms, cohort_q, step_ms, step_q = member_pages(client, cohort, step, SCALE["runs"])
    metric("programmes_member_cohort_p95", round(cohort_ms, 1), "ms")
    metric("programmes_step_p95", round(step_ms, 1), "ms")
    cohort_cpu, step_cpu = list(CPU_TIMES.values())[-2:]
    metric("programmes_member_cohort_cpu_p95", round(cohort_cpu, 1), "ms")
    metric("programmes_step_cpu_p95", round(step_cpu, 1), "ms")
    metric("programmes_member_cohort_queries", cohort_q, "queries")
    metric("programmes_step_queries", step_q, "queries")
    metric("programmes_member_cohort_queries_small_site", small_cohort_q, "queries")
    metric("programmes_step_queries_small_site", small_step_q, "queries")
    metric(
        "programmes_queries_grow_with_data",
        int(cohort_q > small_cohort_q or step_q > small_step_q),
        "bool",
    )

    # The weekly email: the member's cohort (big_cohort people) has a step opening today.
    # A worker is warm: its URLs and templates are loaded before the first run.
    reverse("programmes:mine")
    now = timezone.now()
    start, start_cpu = time.perf_counter(), time.process_time()
    sent = sending.send_weekly_step_emails(now=now)
    metric("programmes_weekly_email_people", sent, "people")
    metric("programmes_weekly_email_queue", round(time.perf_counter() - start, 2), "s")
    metric("programmes_weekly_email_queue_cpu", round(time.process_time() - start_cpu, 2), "s")


if __name__ == "__main__":
    main()
