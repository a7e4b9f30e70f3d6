"""Demo live discussions: online and in a venue, a weekly series, one nearly full and
one with a waiting list, plus a facilitator. Idempotent: sessions are found by title,
people by email, and nothing is made twice. Everything goes through the services."""

import datetime as dt
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from irp.accounts.demo import DEMO_PASSWORD
from irp.accounts.models import User
from irp.accounts.roles import FACILITATORS

from . import services
from .models import LiveSession, Series

FACILITATOR_EMAIL = "facilitator@demo.infiniterecovery.example"
LONDON = zoneinfo.ZoneInfo("Europe/London")
DESCRIPTION = (
    "<p>An unhurried conversation between practitioners about what changes when we "
    "look at people through a model of health rather than a model of illness. No "
    "preparation needed; come as you are.</p>"
)


def _person(email: str, name: str, *, facilitator: bool = False) -> User:
    person, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        person.set_password(DEMO_PASSWORD)
        person.save()
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    if facilitator:
        # Another app may add the groups by migration; get_or_create suits both orders.
        group, _ = Group.objects.get_or_create(name=FACILITATORS)
        person.groups.add(group)
    return person


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.now().astimezone(LONDON).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _session(title: str, *, days: int, hour: int, capacity: int, facilitator, **fields):
    existing = LiveSession.objects.filter(title=title).first()
    if existing:
        return existing, False
    starts_at = _at(days, hour)
    session = LiveSession(
        title=title,
        description=DESCRIPTION,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=90),
        capacity=capacity,
        status=LiveSession.Status.PUBLISHED,
        time_zone="Europe/London",
        cpd_hours=1.5,
        **fields,
    )
    return services.create_sessions(session=session, facilitators=[facilitator])[0], True


@transaction.atomic
def load(*, stdout) -> None:
    facilitator = _person(FACILITATOR_EMAIL, "Robin Facilitator", facilitator=True)
    online = {"format": LiveSession.Format.ONLINE, "join_link": "https://meet.example/irp-demo"}
    _session(
        "Seeing innate well-being: an open conversation",
        days=3, hour=19, capacity=20, facilitator=facilitator, **online,
    )  # fmt: skip
    _session(
        "In person: beyond the model of illness",
        days=10, hour=14, capacity=15, facilitator=facilitator,
        format=LiveSession.Format.VENUE,
        venue_address="The Meeting Room\n12 Example Street\nLondon N1 0AA",
    )  # fmt: skip
    if not Series.objects.filter(title="Reflective inquiry circle").exists():
        starts_at = _at(5, 18, 30)
        services.create_sessions(
            session=LiveSession(
                title="Reflective inquiry circle",
                description=DESCRIPTION,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=1),
                capacity=12,
                status=LiveSession.Status.PUBLISHED,
                **online,
            ),
            facilitators=[facilitator],
            weekly_count=6,
        )
    nearly_full, created = _session(
        "You can only guide as far as you have gone yourself",
        days=6, hour=12, capacity=8, facilitator=facilitator, **online,
    )  # fmt: skip
    if created:
        for n in range(1, 8):
            person = _person(f"person{n}@demo.infiniterecovery.example", f"Demo person {n}")
            services.register_for_session(session=nearly_full, person=person)
    waiting, created = _session(
        "Relapse, resilience and the health model",
        days=4, hour=17, capacity=4, facilitator=facilitator, **online,
    )  # fmt: skip
    if created:
        for n in range(1, 8):
            person = _person(f"person{n}@demo.infiniterecovery.example", f"Demo person {n}")
            services.register_for_session(session=waiting, person=person)
