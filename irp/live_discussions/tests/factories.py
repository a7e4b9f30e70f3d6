import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from irp.accounts.models import User
from irp.accounts.roles import FACILITATORS
from irp.live_discussions.models import LiveSession, Place

JOIN_LINK = "https://meet.example/very-secret-room-4711"


class PersonFactory(factory.django.DjangoModelFactory):
    """A practitioner whose email address is confirmed (pass verified=False for not)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "Europe/London"
    password = factory.django.Password("a-good-password-1")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class FacilitatorFactory(PersonFactory):
    @factory.post_generation
    def facilitator_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=FACILITATORS)[0])


class LiveSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveSession
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Conversation {n}")
    description = "<p>An open conversation.</p>"
    format = LiveSession.Format.ONLINE
    join_link = JOIN_LINK
    time_zone = "Europe/London"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    capacity = 10
    status = LiveSession.Status.PUBLISHED

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    session = factory.SubFactory(LiveSessionFactory)
    person = factory.SubFactory(PersonFactory)
    status = Place.Status.CONFIRMED
