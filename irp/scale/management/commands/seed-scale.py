"""`irp seed-scale --people N`: bulk scale data for benchmarks (irp/scale/README.md).

`--remove` deletes what an earlier run made (people at @scale.example, sessions titled
"Scale …", and everything of theirs), and nothing else.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from irp.accounts.models import User
from irp.enquiries.models import Enquiry
from irp.live_discussions.models import LiveSession, Place
from irp.reflections.models import Reflection

DOMAIN = "scale.example"
BATCH = 5000
# Words the reflections are made of (each entry 40 of them, in a random order).
WORDS = [
    *("noticing", "quiet", "ordinary", "steady", "listening", "breath", "morning"),
    *("clients", "room", "trust", "well-being", "resilience", "presence", "curiosity"),
    *("pause", "insight", "kindness", "wonder"),
]
# People made here never sign in: no usable password (Django's "unusable" marker).
UNUSABLE = "!"


class Command(BaseCommand):
    help = "Fill the database with scale data (people, sessions, places, reflections)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=17, help="for repeatable data")
        parser.add_argument("--remove", action="store_true", help="delete the scale data")

    def progress(self, what: str, done: int, total: int, began: float) -> None:
        width = 30
        filled = width * done // max(total, 1)
        self.stdout.write(
            f"\r{what:<12} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}"
            f" {time.monotonic() - began:6.1f} s",
            ending="\n" if done >= total else "",
        )
        self.stdout.flush()

    def batches(self, what: str, total: int, make) -> None:
        """Make `total` rows in batches of BATCH, each batch from `make(start, count)`."""
        began = time.monotonic()
        for start in range(0, total, BATCH):
            count = min(BATCH, total - start)
            with transaction.atomic():
                make(start, count)
            self.progress(what, start + count, total, began)

    def handle(self, *args, people, seed, remove, **options):
        if remove:
            sessions = LiveSession.objects.filter(title__startswith="Scale ")
            Place.objects.filter(session__in=sessions).delete()
            sessions.delete()
            Enquiry.objects.filter(email__endswith="@" + DOMAIN).delete()
            Reflection.objects.filter(author__email__endswith="@" + DOMAIN).delete()
            removed, _ = User.objects.filter(email__endswith="@" + DOMAIN).delete()
            self.stdout.write(f"Removed the scale data ({removed} rows with the people).")
            return
        rng = random.Random(seed)
        now = timezone.now()
        began = time.monotonic()
        sessions_total = max(1, people // 10)
        per_person = 10
        # Each person's places are in different sessions (one place a session).
        places_each = min(per_person, sessions_total)

        def make_people(start, count):
            User.objects.bulk_create(
                User(email=f"person{n}@{DOMAIN}", display_name=f"Person {n}", password=UNUSABLE)
                for n in range(start, start + count)
            )

        self.batches("people", people, make_people)
        person_ids = list(
            User.objects.filter(email__endswith="@" + DOMAIN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

        def make_sessions(start, count):
            LiveSession.objects.bulk_create(
                LiveSession(
                    title=f"Scale conversation {n}",
                    description="<p>An open conversation.</p>",
                    starts_at=now + datetime.timedelta(minutes=40 * n - 100 * 24 * 60),
                    ends_at=now + datetime.timedelta(minutes=40 * n - 100 * 24 * 60 + 90),
                    capacity=people,  # room for every place made below
                    status=LiveSession.Status.PUBLISHED,
                )
                for n in range(start, start + count)
            )

        self.batches("sessions", sessions_total, make_sessions)
        session_ids = list(
            LiveSession.objects.filter(title__startswith="Scale ")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        stride = max(1, len(session_ids) // places_each)

        def make_places(start, count):
            rows = []
            for i in range(start, start + count):
                person, k = i % len(person_ids), i // len(person_ids)
                session = session_ids[(person + stride * k) % len(session_ids)]
                rows.append(
                    Place(session_id=session, person_id=person_ids[person], status="confirmed")
                )
            Place.objects.bulk_create(rows)

        self.batches("places", people * places_each, make_places)

        def make_reflections(start, count):
            rows = []
            for i in range(start, start + count):
                entry = Reflection(
                    author_id=person_ids[i % len(person_ids)],
                    written_at=now - datetime.timedelta(hours=i % 20_000),
                )
                entry.body = " ".join(rng.choices(WORDS, k=40))  # encrypted as it is set
                rows.append(entry)
            Reflection.objects.bulk_create(rows)

        self.batches("reflections", people * per_person, make_reflections)

        def enquiry(n: int, status: str) -> Enquiry:
            return Enquiry(
                name=f"Enquirer {n}",
                email=f"enquirer{n}@{DOMAIN}",
                role="counsellor",
                hopes="To explore whether the approach fits my work.",
                consent_text="I agree to be contacted about my enquiry.",
                consent_version="scale",
                consented_at=now,
                status=status,
                closed_at=now if status == "closed" else None,
            )

        def make_enquiries(start, count):
            statuses = ["new", "in_conversation", "joined", "closed"]
            Enquiry.objects.bulk_create(
                enquiry(n, rng.choice(statuses)) for n in range(start, start + count)
            )

        self.batches("enquiries", people // 2, make_enquiries)
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data for {people:,} people in {time.monotonic() - began:.0f} s."
            )
        )
