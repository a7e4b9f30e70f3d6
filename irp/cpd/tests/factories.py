import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from irp.cpd.models import Activity, Kind, ReflectiveAccount
from irp.live_discussions.models import LiveSession, Place
from irp.live_discussions.tests.factories import LiveSessionFactory, PersonFactory

__all__ = ["ActivityFactory", "PersonFactory", "ReflectiveAccountFactory", "attended_session"]


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    person = factory.SubFactory(PersonFactory)
    done_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    title = factory.Sequence(lambda n: f"Reading group {n}")
    kind = Kind.SELF_DIRECTED
    hours = Decimal("1.5")


class ReflectiveAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReflectiveAccount

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Account {n}")
    written_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2))
    reflect = "What happened, in my words."


def attended_session(person, *, starts_at=None, hours="1.5", facilitators=(), **fields):
    """A past session the person was marked as attending."""
    starts_at = starts_at or timezone.now() - dt.timedelta(days=5)
    session = LiveSessionFactory(
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=90),
        cpd_hours=Decimal(hours) if hours is not None else None,
        facilitators=list(facilitators),
        status=fields.pop("status", LiveSession.Status.PUBLISHED),
        **fields,
    )
    place = Place.objects.create(
        session=session,
        person=person,
        status=Place.Status.CONFIRMED,
        attendance=Place.Attendance.ATTENDED,
    )
    return session, place
