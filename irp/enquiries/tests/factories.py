import time

import factory
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from irp.accounts.models import Profession, User
from irp.accounts.testing import with_authenticator
from irp.enquiries.forms import sign_timestamp
from irp.enquiries.models import ContactPage, Enquiry
from irp.pages.models import HomePage


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    role = Profession.COUNSELLOR
    hopes = "How a model of health changes my first sessions."
    consent_text = "I agree."
    consent_version = "test-1"
    consented_at = factory.LazyFunction(timezone.now)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password("a-long-password-1")


def answerer(**kwargs) -> User:
    """Staff who may use the inbox: admin access plus the enquiries permission."""
    user = UserFactory(is_staff=True, **kwargs)
    group, _ = Group.objects.get_or_create(name="Enquiries team")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["answer_enquiries", "access_admin"])
    )
    user.groups.add(group)
    return with_authenticator(user)


def admin_without_enquiries() -> User:
    """Staff who reach the admin but do not hold the enquiries permission."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return with_authenticator(user)


def make_contact_page(**fields) -> ContactPage:
    home = HomePage.objects.get()
    page = ContactPage(
        title="Get in touch",
        slug="contact",
        consent_text="I agree you may keep what I send and reply.",
        consent_version="v-test",
        **fields,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def form_data(**overrides) -> dict:
    """A complete, valid submission, shown a minute ago."""
    data = {
        "name": "Jo Bloggs",
        "email": "jo@example.org",
        "role": Profession.COUNSELLOR,
        "role_other": "",
        "organisation": "Riverside Counselling",
        "hopes": "I would like to explore\na model of health with my clients.",
        "heard_from": "A colleague",
        "consent": "on",
        "website": "",
        "shown": sign_timestamp(time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
