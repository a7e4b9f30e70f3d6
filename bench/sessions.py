"""Live discussions under load, on PostgreSQL through gunicorn.

1. Burst: 500 registrations for 30 seats from 50 concurrent clients. Prints wall time,
   throughput and the confirmed/waiting counts (which must be 30 and 470).
2. Scale: 10,000 sessions and 1,000,000 registrations (bulk-inserted with
   generate_series), then p50/p95 of the upcoming list and My sessions, and the number
   of queries each page makes.

    uv run python bench/sessions.py [--quick] [--keep]

Makes a PostgreSQL database of its own on BENCH_POSTGRES (default: the server on
127.0.0.1:5432) and drops it at the end (`--keep` leaves it, to look at query plans).
`--quick`: 40 registrations for 5 seats, 200 sessions and 2,000 registrations.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]
os.environ["DJANGO_SETTINGS_MODULE"] = "sessions_settings"
HOST = "127.0.0.1"

import django  # noqa: E402
from support import drop_postgres, free_port, metric, postgres_url, reset_postgres  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--quick", action="store_true", help="small data, seconds")
parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
ARGS = parser.parse_args()
# The database is made before Django starts, since the settings read DATABASE_URL.
DATABASE_URL = postgres_url("sessions")
reset_postgres(DATABASE_URL)
os.environ["DATABASE_URL"] = DATABASE_URL
PORT = free_port()
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from irp.accounts.models import User  # noqa: E402
from irp.live_discussions.models import LiveSession, Place  # noqa: E402

CSRF = secrets.token_hex(16)  # 32 characters: a valid CSRF secret for cookie and header


def bench_people(count: int, prefix: str) -> list[User]:
    """People with confirmed addresses, made in two statements."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, is_staff, is_active,
                date_joined, email, display_name, time_zone, profession, profession_other,
                organisation, country, wants_reminders, wants_news)
            SELECT '!', false, false, true, now(), 'bench' || %s || '-' || n || '@example.org',
                'Bench ' || n, 'Europe/London', '', '', '', '', false, false
            FROM generate_series(1, %s) AS n
            """,
            [prefix, count],
        )
        cursor.execute(
            """
            INSERT INTO account_emailaddress (email, verified, "primary", user_id)
            SELECT email, true, true, id FROM accounts_user
            WHERE email LIKE 'bench' || %s || '-%%'
            """,
            [prefix],
        )
    return list(User.objects.filter(email__startswith=f"bench{prefix}-").order_by("pk"))


def signed_in_cookie(person: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; csrftoken={CSRF}"


def start_gunicorn() -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{BENCH_DIR}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "irp.wsgi", "--bind", f"{HOST}:{PORT}",
         "--workers", "4", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def burst(clients: int = 50, registrations: int = 500, seats: int = 30) -> None:
    import datetime as dt

    from django.utils import timezone

    starts_at = timezone.now() + dt.timedelta(days=3)
    session = LiveSession.objects.create(
        title="Burst", starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1),
        capacity=seats, status=LiveSession.Status.PUBLISHED, join_link="https://meet.example/x",
    )  # fmt: skip
    cookies = [signed_in_cookie(p) for p in bench_people(registrations, "burst")]
    path = f"/live/{session.pk}/register/"
    statuses, lock = [], threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(mine: list[str]) -> None:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        start.wait()
        for cookie in mine:
            headers = {"Cookie": cookie, "X-CSRFToken": CSRF, "Content-Length": "0"}
            conn.request("POST", path, headers=headers)
            response = conn.getresponse()
            response.read()
            with lock:
                statuses.append(response.status)

    threads = [threading.Thread(target=client, args=(cookies[i::clients],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began

    confirmed = Place.objects.filter(session=session, status="confirmed").count()
    waiting = Place.objects.filter(session=session, status="waiting").count()
    metric("burst_wall_time", f"{wall:.2f}", "s")
    metric("burst_throughput", f"{registrations / wall:.1f}", "registrations/s")
    metric("burst_confirmed", confirmed, "places")
    metric("burst_waiting", waiting, "places")
    metric("burst_non_redirect_responses", sum(1 for s in statuses if s != 302), "responses")
    if (confirmed, waiting) != (seats, registrations - seats):
        raise SystemExit(f"WRONG: {confirmed} confirmed and {waiting} waiting")


def bulk_load(sessions: int = 10_000, registrations: int = 1_000_000, people: int = 20_000):
    """10,000 sessions over the past 100 and next 300 days; 20,000 people with 50 places
    each (the last 5 of them on a waiting list). Returns one of those people."""
    per_person = registrations // people
    stride = sessions // per_person  # so one person's places are in different sessions
    began = time.perf_counter()
    bench_people(people, "scale")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO live_discussions_livesession (uid, title, description, format,
                join_link, venue_address, time_zone, starts_at, ends_at, capacity,
                status, sequence, last_queue_number, created_at, updated_at)
            SELECT gen_random_uuid(), 'Conversation ' || n, '<p>An open conversation.</p>',
                'online', '', '', 'Europe/London',
                now() + (n * interval '40 minutes') - interval '100 days',
                now() + (n * interval '40 minutes') - interval '100 days' + interval '90 minutes',
                200, 'published', 0, 0, now(), now()
            FROM generate_series(1, %s) AS n
            """,
            [sessions],
        )
        cursor.execute(
            "SELECT min(id) FROM live_discussions_livesession WHERE title LIKE 'Conversation %%'"
        )
        first_session = cursor.fetchone()[0]
        cursor.execute("SELECT min(id) FROM accounts_user WHERE email LIKE 'benchscale-%%'")
        first_person = cursor.fetchone()[0]
        # Registration i: person p = i mod 20000 takes place k = i div 20000 in session
        # (p + 200k) mod 10000 -- fifty different sessions per person, 100 people each
        # (200 is the stride: sessions / places per person).
        cursor.execute(
            """
            INSERT INTO live_discussions_place (session_id, person_id, status, queue_number,
                wants_reminders, attendance, created_at, updated_at)
            SELECT %(s0)s + ((i %% %(people)s) + %(stride)s * (i / %(people)s)) %% %(sessions)s,
                %(p0)s + (i %% %(people)s),
                CASE WHEN i / %(people)s >= %(per)s - 5 THEN 'waiting' ELSE 'confirmed' END,
                CASE WHEN i / %(people)s >= %(per)s - 5 THEN i ELSE NULL END,
                false, '', now(), now()
            FROM generate_series(0, %(n)s - 1) AS i
            """,
            {"s0": first_session, "p0": first_person, "people": people,
             "sessions": sessions, "per": per_person, "n": registrations, "stride": stride},
        )  # fmt: skip
        cursor.execute("ANALYZE live_discussions_place")
        cursor.execute("ANALYZE live_discussions_livesession")
    metric("bulk_insert_time", f"{time.perf_counter() - began:.1f}", "s")
    scale = LiveSession.objects.filter(title__startswith="Conversation ")
    metric("sessions_total", scale.count(), "sessions")
    metric("registrations_total", Place.objects.filter(session__in=scale).count(), "registrations")
    return User.objects.get(email="benchscale-1@example.org")


def timed_pages(person: User, requests: int = 200) -> None:
    cookie = signed_in_cookie(person)
    for name, path in (("upcoming_list", "/live/"), ("my_sessions", "/live/mine/")):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        timings = []
        for n in range(requests + 10):
            began = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
            if n >= 10:  # the first requests warm each worker up
                timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        metric(f"{name}_p50", f"{statistics.median(timings):.1f}", "ms")
        metric(f"{name}_p95", f"{timings[int(len(timings) * 0.95) - 1]:.1f}", "ms")
        client = Client()
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        metric(f"{name}_queries", len(queries), "queries")


def main() -> None:
    try:
        call_command("migrate", verbosity=0)
        server = start_gunicorn()
        try:
            if ARGS.quick:
                burst(clients=5, registrations=40, seats=5)
                person = bulk_load(sessions=200, registrations=2_000, people=200)
                timed_pages(person, requests=20)
            else:
                burst()
                person = bulk_load()
                timed_pages(person)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        connection.close()
        if ARGS.keep:
            print(f"kept the database: {DATABASE_URL}", flush=True)
        else:
            drop_postgres(DATABASE_URL)


if __name__ == "__main__":
    main()
