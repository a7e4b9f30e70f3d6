"""A practitioner with 10,000 reflections, on PostgreSQL: journal list (paginated) and
then-and-now p95, decrypt cost per entry, queries per page.

    uv run python bench/reflection.py [--quick] [--keep]

Makes a PostgreSQL database of its own on BENCH_POSTGRES (default: the server on
127.0.0.1:5432), migrates it and drops it at the end. `--quick`: 300 entries, 10 runs
a page. Prints one `metric: value unit` line per figure.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "irp.settings.test"

import django
from support import drop_postgres, metric, postgres_url, reset_postgres

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--quick", action="store_true", help="small data, seconds")
parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
ARGS = parser.parse_args()
# The database is made before Django starts, since the settings read DATABASE_URL.
DATABASE_URL = postgres_url("reflection")
reset_postgres(DATABASE_URL)
os.environ["DATABASE_URL"] = DATABASE_URL
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from irp.accounts.models import User  # noqa: E402
from irp.core import crypto  # noqa: E402
from irp.reflections.models import Prompt, PromptCollection, Reflection  # noqa: E402

ENTRIES = 300 if ARGS.quick else 10_000
RUNS = 10 if ARGS.quick else 60
EMAIL = "bench.practitioner@example.org"


def setup():
    call_command("migrate", interactive=False, verbosity=0)
    person = User.objects.create_user(email=EMAIL, password="bench-password-1")  # noqa: S106
    collection, _ = PromptCollection.objects.get_or_create(title="Bench prompts")
    prompts = [
        Prompt.objects.get_or_create(collection=collection, text=f"Bench question {n}?")[0]
        for n in range(10)
    ]
    start = timezone.now() - datetime.timedelta(days=ENTRIES)
    rows = []
    for n in range(ENTRIES):
        entry = Reflection(
            author=person,
            prompt=prompts[n % 10] if n % 3 else None,
            written_at=start + datetime.timedelta(days=n),
        )
        entry.body = f"Reflection {n}: " + "what I notice today is quiet and ordinary. " * 8
        rows.append(entry)
    Reflection.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reflections_reflection")
    return person, prompts


def measure(client, url, data=None):
    # Search is a POST (its words stay out of the URL); everything else a GET.
    def fetch():
        return client.post(url, data) if data is not None else client.get(url)

    fetch()  # warm up
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        response = fetch()
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        fetch()
    p95 = statistics.quantiles(times, n=20)[18]
    return p95, statistics.median(times), len(queries.captured_queries)


def main():
    if connection.vendor != "postgresql":
        sys.exit("This benchmark runs on PostgreSQL.")
    person, prompts = setup()
    client = Client()
    client.force_login(person)
    pages = {
        "journal_first_page": "/reflect/journal/",
        "journal_last_page": f"/reflect/journal/?page={ENTRIES // 20}",
        "journal_by_prompt": "/reflect/journal/?by=prompt",
        "then_and_now": prompts[1].get_absolute_url(),
        "search_own_entries": ("/reflect/search/", {"q": "ordinary 9999"}),
    }
    metric("reflections", Reflection.objects.filter(author=person).count(), "entries")
    for name, target in pages.items():
        url, data = target if isinstance(target, tuple) else (target, None)
        p95, median, queries = measure(client, url, data)
        metric(f"{name}_p95", f"{p95:.1f}", "ms")
        metric(f"{name}_median", f"{median:.1f}", "ms")
        metric(f"{name}_queries", queries, "queries")
    tokens = list(
        Reflection.objects.filter(author=person).values_list("body_encrypted", flat=True)[:2000]
    )
    began = time.perf_counter()
    for token in tokens:
        crypto.decrypt(token)
    per_entry = (time.perf_counter() - began) / len(tokens) * 1_000_000
    metric("decrypt_per_entry", f"{per_entry:.1f}", "us")


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if ARGS.keep:
            print(f"kept the database: {DATABASE_URL}", flush=True)
        else:
            drop_postgres(DATABASE_URL)
