"""Steps several journeys share: signing in, getting in touch, and what the journeys
need that the demo content lacks."""

PASSWORD = "a-quiet-Morning-42"  # for the people the journeys arrange themselves
ONE_SEAT = "Listening beneath the story"  # a live discussion with a single seat

# Practitioners with confirmed addresses (as if they had signed up earlier), for the
# journeys that are not about signing up. Each journey has its own.
PEOPLE = {
    "forgetful": "Morgan",  # forgets their password
    "first": "Ash",  # takes the one seat, then gives it up
    "second": "Bea",  # waits for it
}

ARRANGE = """
import datetime as dt
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from irp.accounts import roles
from irp.accounts.demo import FACILITATOR_EMAIL
from irp.accounts.models import User
from irp.live_discussions import services
from irp.live_discussions.models import LiveSession

practitioners = Group.objects.get_or_create(name=roles.PRACTITIONERS)[0]
for email, name in {people!r}.items():
    person = User.objects.create_user(email=email, password={password!r}, display_name=name)
    person.groups.add(practitioners)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)

# A week away, so no reminder falls due during the journeys.
starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
services.create_sessions(
    session=LiveSession(
        title={title!r}, description="<p>One seat only.</p>", capacity=1,
        starts_at=starts, ends_at=starts + dt.timedelta(hours=1),
        status=LiveSession.Status.PUBLISHED, time_zone="Europe/London",
        format=LiveSession.Format.ONLINE, join_link="https://meet.example/one-seat",
    ),
    facilitators=[User.objects.get(email=FACILITATOR_EMAIL)],
)
"""


def arrange(site, addresses: dict[str, str]) -> None:
    """Make the people in `addresses` ({key in PEOPLE: email}) and the one-seat session,
    inside the running site's database: one `irp shell`, so Django starts once."""
    people = {addresses[key]: name for key, name in PEOPLE.items()}
    site.python(ARRANGE.format(people=people, password=PASSWORD, title=ONE_SEAT))


def sign_in(page, *, email: str, password: str, next_url: str = "/reflect/") -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def get_in_touch(page, *, name: str, email: str, hopes: str) -> None:
    """Fill in the contact form as a person would and send it."""
    page.goto("/contact/")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Role or profession").select_option(index=1)
    page.get_by_label("Organisation").fill("Riverside Counselling")
    page.get_by_label("What you hope to explore").fill(hopes)
    page.locator("#id_consent").check()
    # The site sets apart forms sent faster than a person types (one second here).
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Thank you for getting in touch").wait_for()
