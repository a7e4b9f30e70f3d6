"""Conversations at size, on PostgreSQL: a thread with 5,000 replies and a space with
10,000 threads (thread pages and the space's first page: p95 and queries per page,
which must not grow with the data), search p95, and a weekly digest for 5,000 members.

    uv run python bench/conversations.py            # the full figures
    uv run python bench/conversations.py --quick    # small data, seconds (CI)

Creates its own database (BENCH_DATABASE_URL, default irp_conversations_bench on
127.0.0.1:5432) and drops it at the end. Prints one `metric: value unit` line per figure.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from support import metric, reset_postgres

URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/irp_conversations_bench"
)


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def timed(client, url, runs):
    client.get(url)  # warm: the first request loads templates and marks the thread read
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return p95(samples)


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def build(*, replies, threads, members):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from irp.conversations import rendering, services
    from irp.conversations.models import Post, Space, Thread

    User = get_user_model()
    now = timezone.now()
    room = services.ensure_open_room()
    people = User.objects.bulk_create(
        [User(email=f"member{n}@example.org", display_name=f"Member {n}") for n in range(members)],
        batch_size=2000,
    )
    reader = people[0]
    services.accept_guidelines(space=room, person=reader)
    words = "What I notice when I listen without looking for the problem is quiet. " * 3
    html = rendering.render(words)

    # A space of `threads` threads, each with its opening post.
    made = Thread.objects.bulk_create(
        [
            Thread(space=room, title=f"Thread {n} about listening", author=people[n % members],
                   started_at=now - dt.timedelta(days=30, minutes=n),
                   last_activity_at=now - dt.timedelta(days=30, minutes=n), last_number=1)
            for n in range(threads)
        ],
        batch_size=2000,
    )  # fmt: skip
    Post.objects.bulk_create(
        [
            Post(thread=thread, number=1, author=thread.author, body=f"{words} {n}",
                 body_html=html, created_at=thread.started_at)
            for n, thread in enumerate(made)
        ],
        batch_size=2000,
    )  # fmt: skip
    # One long thread of `replies` replies.
    long = Thread.objects.create(space=room, title="The long conversation", author=reader,
                                 started_at=now - dt.timedelta(days=20),
                                 last_activity_at=now - dt.timedelta(days=20),
                                 last_number=replies + 1)  # fmt: skip
    Post.objects.bulk_create(
        [
            Post(thread=long, number=n + 1, author=people[n % members],
                 body=f"Reply {n}: {words}", body_html=html,
                 created_at=long.started_at + dt.timedelta(seconds=n))
            for n in range(replies + 1)
        ],
        batch_size=2000,
    )  # fmt: skip
    Space.objects.filter(pk=room.pk).update(holds_first_posts=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return room, long, reader


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, a few seconds")
    args = parser.parse_args()
    replies, threads, members, runs = (
        (300, 600, 300, 15) if args.quick else (5_000, 10_000, 5_000, 60)
    )

    reset_postgres(URL)
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conversations_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from irp.conversations import selectors, services
    from irp.emails.models import OutgoingEmail

    try:
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        room, long, reader = build(replies=replies, threads=threads, members=members)
        metric("conversations_build_seconds", round(time.perf_counter() - started, 1), "s")
        client = Client()
        client.force_login(reader)

        last_page = (long.last_number - 1) // 30 + 1
        thread_url = f"/conversations/threads/{long.pk}/"
        space_url = f"/conversations/{room.pk}/"
        pages = {"first": thread_url, "last": f"{thread_url}?page={last_page}",
                 "middle": f"{thread_url}?page={last_page // 2}"}  # fmt: skip
        for name, url in pages.items():
            metric(f"thread_{name}_page_p95", round(timed(client, url, runs), 1), "ms")
        metric("space_first_page_p95", round(timed(client, space_url, runs), 1), "ms")
        # A small page through the same middleware, sessions and base template, measured
        # in the same run: on a shared machine the ratio says more than the milliseconds.
        reference = timed(client, "/conversations/settings/", runs)
        metric("reference_small_page_p95", round(reference, 1), "ms")
        metric("thread_page_queries", queries(client, f"{thread_url}?page={last_page}"), "queries")
        metric("space_page_queries", queries(client, space_url), "queries")
        metric("replies_in_thread", long.last_number - 1, "posts")
        metric("threads_in_space", room.threads.count(), "threads")

        samples = []
        for n in range(runs):
            start = time.perf_counter()
            found = selectors.search(space=room, person=reader, query=f"listening {n % 9}")
            samples.append((time.perf_counter() - start) * 1000)
        metric("search_p95", round(p95(samples), 1), "ms")
        metric("search_results_last", len(found), "posts")
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN SELECT id FROM conversations_post WHERE "
                "to_tsvector('english'::regconfig, body) @@ plainto_tsquery('english', 'tuesday')"
            )
            plan = " ".join(row[0] for row in cursor.fetchall())
        metric("search_uses_word_index", int("conversations_post_words" in plan), "yes=1")

        # A new thread in the open room: every member's weekly digest is due on Tuesday.
        services.start_thread(space=room, person=reader, title="For everyone",
                              body="A new thread for the whole room.")  # fmt: skip
        today = timezone.now()
        tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)
        tuesday = tuesday.replace(hour=12, minute=0)
        OutgoingEmail.objects.all().delete()
        start = time.perf_counter()
        queued = services.send_due_digests(now=tuesday)
        metric("weekly_digest_seconds", round(time.perf_counter() - start, 2), "s")
        metric("weekly_digests_queued", queued, "emails")
        metric("weekly_digest_rows", OutgoingEmail.objects.count(), "emails")
    finally:
        connection.close()
        parts = urllib.parse.urlsplit(URL)
        import psycopg

        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


if __name__ == "__main__":
    main()
