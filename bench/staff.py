"""Staff operations at scale, on PostgreSQL: the admin dashboard and the audit log.

Loads 100,000 people, 50,000 enquiries (a few hundred still new), 1,000,000 audit
entries over six years, the next fortnight's live discussions with places and waiting
lists, and some failed emails; then times, for a staff admin signed in with two steps,
the dashboard and the audit log's first page, unfiltered and filtered by action, by
whose data and by who did it. Prints p50/p95 (ms), the queries each page makes and
their database time, beside an admin page that reads none of this data (a reference
measured in the same run, since a shared machine's speed varies).

    uv run python bench/staff.py            # the full sizes (a few minutes to load)
    uv run python bench/staff.py --quick    # small data, seconds (run by CI)

Uses its own database (BENCH_DATABASE_URL, default irp_staff_bench on 127.0.0.1),
created afresh and dropped at the end (BENCH_KEEP=1 keeps it, to read query plans).
The aim: p95 under 100 ms for each page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/irp_staff_bench"
)
os.environ["DATABASE_URL"] = DATABASE_URL
# The embedded default on PostgreSQL, DEBUG off, email kept in our queue.
os.environ["DJANGO_SETTINGS_MODULE"] = "sessions_settings"

from support import metric, reset_postgres  # noqa: E402

FULL = {"people": 100_000, "enquiries": 50_000, "audit": 1_000_000, "requests": 60}
QUICK = {"people": 2_000, "enquiries": 1_000, "audit": 20_000, "requests": 15}


def load(sizes: dict) -> str:
    """Bulk-insert everything with generate_series; returns the address of a person
    with many audit entries about them."""
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, is_staff, is_active,
                date_joined, email, display_name, time_zone, profession, profession_other,
                organisation, country, wants_reminders, wants_news)
            SELECT '!', false, false, true, now() - (n * interval '5 minutes'),
                'bench-' || n || '@example.org', 'Person ' || n, 'Europe/London', '', '',
                '', '', false, false
            FROM generate_series(1, %s) AS n
            """,
            [sizes["people"]],
        )
        cursor.execute("SELECT min(id), max(id) FROM accounts_user WHERE email LIKE 'bench-%%'")
        first, last = cursor.fetchone()
        cursor.execute(
            """
            INSERT INTO enquiries_enquiry (name, email, role, role_other, organisation, hopes,
                heard_from, consent_text, consent_version, consented_at, status,
                is_suspected_spam, spam_reasons, received_at, closed_at)
            SELECT 'Enquirer ' || n, 'enquirer-' || n || '@example.org', 'counsellor', '', '',
                'What a model of health could mean for my work.',
                (ARRAY['a colleague', 'a conference', 'search', ''])[1 + n %% 4],
                'I agree.', 'v1', now() - (n * interval '20 minutes'),
                CASE WHEN n %% 100 = 0 THEN 'new' WHEN n %% 3 = 0 THEN 'in_conversation'
                     ELSE 'closed' END,
                n %% 250 = 0, '', now() - (n * interval '20 minutes'),
                CASE WHEN n %% 100 <> 0 AND n %% 3 <> 0 THEN now() ELSE NULL END
            FROM generate_series(1, %s) AS n
            """,
            [sizes["enquiries"]],
        )
        # Entries over six years; one person in a thousand has many entries about them.
        cursor.execute(
            """
            INSERT INTO audit_auditevent (actor_id, actor_label, action, subject_type,
                subject_id, person_id, ip_address, detail, occurred_at)
            SELECT %(first)s + (n %% 10), 'bench-' || (1 + n %% 10) || '@example.org',
                (ARRAY['enquiry.viewed', 'account.viewed', 'account.exported',
                       'live_discussions.people_viewed', 'account.roles_changed',
                       'account.mfa_reset'])[1 + n %% 6],
                'accounts.user', (%(first)s + n %% %(span)s)::text,
                %(first)s + (n %% %(span)s), ('203.0.113.' || (n %% 250))::inet, '{}'::jsonb,
                now() - (n * interval '189 seconds')
            FROM generate_series(1, %(n)s) AS n
            """,
            {"first": first, "span": last - first + 1, "n": sizes["audit"]},
        )
        cursor.execute(
            """
            INSERT INTO live_discussions_livesession (uid, title, description, format,
                join_link, venue_address, time_zone, starts_at, ends_at, capacity,
                status, sequence, last_queue_number, created_at, updated_at)
            SELECT gen_random_uuid(), 'Conversation ' || n, '', 'online', '', '',
                'Europe/London', now() + (n * interval '10 hours'),
                now() + (n * interval '10 hours') + interval '90 minutes', 20, 'published',
                0, 0, now(), now()
            FROM generate_series(1, 40) AS n
            """
        )
        cursor.execute(
            """
            INSERT INTO live_discussions_place (session_id, person_id, status, queue_number,
                wants_reminders, attendance, created_at, updated_at)
            SELECT s.id, %(first)s + (s.id * 31 + k) %% %(span)s,
                CASE WHEN k < 20 THEN 'confirmed' ELSE 'waiting' END,
                CASE WHEN k < 20 THEN NULL ELSE k END, false, '', now(), now()
            FROM live_discussions_livesession s, generate_series(0, 24) AS k
            """,
            {"first": first, "span": last - first + 1},
        )
        cursor.execute(
            """
            INSERT INTO emails_outgoingemail (content, "to", subject, template,
                header_message_id, about_type, about_id, status, attempts, next_attempt_at,
                last_error, created_at)
            SELECT '{}'::jsonb, 'gone-' || n || '@example.org', 'Your place is confirmed', '',
                '', '', '', 'failed', 8, now(), '550 No such mailbox', now()
            FROM generate_series(1, 30) AS n
            """
        )
        for table in ("accounts_user", "enquiries_enquiry", "audit_auditevent"):
            cursor.execute(f"ANALYZE {table}")
    metric("bulk_insert_time", f"{time.perf_counter() - began:.1f}", "s")
    return f"bench-{1 + 1000}@example.org"


def staff_admin():
    from django.contrib.auth.models import Group

    from irp.accounts import roles
    from irp.accounts.testing import make_person

    person = make_person(
        email="bench-staff@example.org", role=roles.STAFF_ADMINS, with_mfa=True, is_superuser=True
    )
    person.groups.add(Group.objects.get(name=roles.STAFF_ADMINS))
    return person


def timed(client, name: str, path: str, requests: int) -> float:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for n in range(requests + 3):
        began = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        if n >= 3:  # the first requests warm caches and connections up
            timings.append(elapsed)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    metric(f"{name}_p50", f"{statistics.median(timings):.1f}", "ms")
    metric(f"{name}_p95", f"{p95:.1f}", "ms")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    metric(f"{name}_queries", len(queries), "queries")
    # The part that grows with the data: time spent in the database for one page.
    metric(f"{name}_database", f"{sum(float(q['time']) for q in queries) * 1000:.1f}", "ms")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, seconds")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    reset_postgres(DATABASE_URL)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from irp.accounts.testing import sign_in_with_two_steps

    call_command("migrate", verbosity=0)
    try:
        person_address = load(sizes)
        metric("people_total", sizes["people"], "people")
        metric("enquiries_total", sizes["enquiries"], "enquiries")
        metric("audit_entries_total", sizes["audit"], "entries")
        client = Client()
        sign_in_with_two_steps(client, staff_admin())
        actor = "bench-3@example.org"
        pages = [
            ("dashboard", "/admin/"),
            ("audit_log", "/admin/audit/"),
            ("audit_log_by_action", "/admin/audit/?action=account.mfa_reset"),
            ("audit_log_by_person", f"/admin/audit/?person={person_address}"),
            ("audit_log_by_actor", f"/admin/audit/?actor={actor}"),
        ]
        # A reference in the same run: an admin page that reads none of this data, so
        # the ratio shows what the data costs on a machine whose speed varies.
        reference = timed(client, "reference_admin_page", "/admin/account/", sizes["requests"])
        worst = max(timed(client, name, path, sizes["requests"]) for name, path in pages)
        metric("worst_p95", f"{worst:.1f}", "ms")
        metric("worst_p95_over_reference", f"{worst / reference:.2f}", "x")
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):
            _drop(DATABASE_URL)


def _drop(url: str) -> None:
    import urllib.parse

    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


if __name__ == "__main__":
    main()
