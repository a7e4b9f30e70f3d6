"""The people and objects the security suite requests URLs with, and the walk over the
site's URL patterns.

Everything private belongs to `practitioner` (a journal entry, a place in a session,
a calendar feed) or to the session `facilitator` runs; every other role is somebody
else, so their cells prove that other people's things stay out of reach.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in
from irp.conversations import services as conversation_services
from irp.conversations.models import Space
from irp.cpd import services as cpd_services
from irp.cpd.tests.factories import (
    ActivityFactory,
    ReflectiveAccountFactory,
    attended_session,
)
from irp.enquiries.tests.factories import EnquiryFactory, make_contact_page
from irp.live_discussions import services as live_services
from irp.live_discussions.tests.factories import LiveSessionFactory, PlaceFactory
from irp.pages.demo import load as load_pages
from irp.programmes import selectors as programme_selectors
from irp.programmes import services as programme_services
from irp.programmes.tests.factories import CohortFactory, EnrolmentFactory, make_programme
from irp.reflections.tests.factories import PromptFactory, ReflectionFactory

# Column order of access_matrix.csv.
ROLES = [
    "anonymous",
    "practitioner",
    "other_practitioner",
    "facilitator",
    "other_facilitator",
    "facilitator_no_mfa",
    "staff_admin",
    "staff_admin_no_mfa",
    "staff_editor",
    "staff_editor_no_mfa",
]
METHODS = ["get", "post"]
ADMIN_PREFIXES = ("admin/", "django-admin/")


def build_world() -> dict:
    """People of every role, and the objects whose ids fill the URL patterns."""
    load_pages(stdout=io.StringIO())  # the site's pages, as the demo makes them
    people = {
        "practitioner": make_person(email="owner@example.org", display_name="Owner"),
        "other_practitioner": make_person(email="other@example.org", display_name="Other"),
        "facilitator": make_person(
            email="facilitator@example.org", role=roles.FACILITATORS, with_mfa=True
        ),
        "other_facilitator": make_person(
            email="other.facilitator@example.org", role=roles.FACILITATORS, with_mfa=True
        ),
        "facilitator_no_mfa": make_person(
            email="facilitator.no.mfa@example.org", role=roles.FACILITATORS
        ),
        # The Django admin is for superusers: staff admins are, staff editors are not.
        "staff_admin": make_person(
            email="admin@example.org", role=roles.STAFF_ADMINS, with_mfa=True, is_superuser=True
        ),
        "staff_admin_no_mfa": make_person(
            email="admin.no.mfa@example.org", role=roles.STAFF_ADMINS, is_superuser=True
        ),
        "staff_editor": make_person(
            email="editor@example.org", role=roles.STAFF_EDITORS, with_mfa=True
        ),
        "staff_editor_no_mfa": make_person(
            email="editor.no.mfa@example.org", role=roles.STAFF_EDITORS
        ),
    }
    owner = people["practitioner"]
    session = LiveSessionFactory(facilitators=[people["facilitator"], people["facilitator_no_mfa"]])
    other_session = LiveSessionFactory(facilitators=[people["other_facilitator"]])
    place = PlaceFactory(session=session, person=owner)
    prompt = PromptFactory(text="What do you notice today?")
    entry = ReflectionFactory(author=owner, prompt=prompt, body="The owner's own words.")
    contact = make_contact_page()
    cpd = _cpd_records(owner)
    # A cohort under way (its first step open) with the owner enrolled and one entry
    # shared with the facilitators; another cohort open for applications.
    programme = make_programme(slug="security-programme")
    cohort = CohortFactory(
        programme=programme,
        facilitators=[people["facilitator"], people["facilitator_no_mfa"]],
        starts_on=timezone.localdate() - dt.timedelta(days=3),
        status="closed",
    )
    open_cohort = CohortFactory(programme=programme)
    enrolment = EnrolmentFactory(cohort=cohort, person=owner)
    step = programme_selectors.steps_of(programme).first()
    step_entry = ReflectionFactory(author=owner, body="Shared with the facilitators.")
    step_entry.step_id = step.pk
    step_entry.save()
    share = programme_services.share_with_facilitator(
        enrolment=enrolment, reflection_id=step_entry.pk
    )[0]
    enquiry = EnquiryFactory()
    authenticator = Authenticator.objects.get(user=people["staff_admin"])
    # A conversation space for invited people: the practitioner takes part, the
    # facilitator looks after it, and every other practitioner is outside it.
    space = conversation_services.create_space(
        name="Invited circle",
        kind=Space.Kind.INVITATION,
        invited=[owner],
        facilitators=[people["facilitator"], people["facilitator_no_mfa"]],
    )
    conversation_services.accept_guidelines(space=space, person=owner)
    opening = conversation_services.start_thread(
        space=space, person=owner, title="The owner's thread", body="The owner's words."
    )
    values = {
        "session": session.pk,
        "other_session": other_session.pk,
        "entry": entry.pk,
        "prompt": prompt.pk,
        "feed": live_services.calendar_feed_for(person=owner).token,
        "cant_come": live_services.cant_come_token(place),
        "enquiry": enquiry.pk,
        "owner": owner.pk,
        # Somebody else's authenticator: the owner must never reach it.
        "authenticator": authenticator.pk,
        "contact": contact.url_path.split("/", 2)[-1],
        "missing": 999999,
        "conversation_space": space.pk,
        "conversation_thread": opening.thread_id,
        "conversation_post": opening.pk,
        "unsubscribe": conversation_services.unsubscribe_token(owner),
        "cohort": cohort.pk,
        "open_cohort": open_cohort.pk,
        "step": step.pk,
        "step_entry": step_entry.pk,
        "share": share.pk,
        **cpd,
    }
    return {"people": people, "values": values, "session": session, "entry": entry}


def _cpd_records(owner) -> dict:
    """The owner's CPD records: an activity with an evidence file, a reflective account,
    a ready export and a certificate for a session they attended."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = ActivityFactory(person=owner, reflect="The owner's own note.")
    evidence = cpd_services.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    account = ReflectiveAccountFactory(person=owner)
    export = cpd_services.request_export(
        person=owner, format="csv", starts_on=dt.date(2000, 1, 1), ends_on=dt.date.today()
    )
    attended, _ = attended_session(owner)
    certificate = cpd_services.issue_certificate(person=owner, source_key=f"session:{attended.pk}")
    return {
        "cpd_activity": activity.pk,
        "cpd_evidence": evidence.key,
        "cpd_account": account.pk,
        "cpd_export": export.key,
        "cpd_certificate": certificate.pk,
        "cpd_code": certificate.code,
    }


def signed_in_clients(people: dict) -> dict[str, Client]:
    """One client per role, signed in through the real sign-in (with the second step
    for people who have an authenticator app). 500s come back as responses."""
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, person in people.items():
        client = Client(raise_request_exception=False)
        sign_in(client, person)
        clients[role] = client
    return clients


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern as written, e.g. "live/<int:session_id>/"
    name: str | None

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith(ADMIN_PREFIXES)


def all_routes() -> list[Route]:
    """Every URL pattern of the site, included URLconfs flattened."""

    def walk(resolver, prefix="", namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else None
                yield Route(prefix + str(entry.pattern), name)

    seen, routes = set(), []
    for route in walk(get_resolver()):
        if route.pattern not in seen:
            seen.add(route.pattern)
            routes.append(route)
    return routes


_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\((?:\?P<\w+>)?((?:[^()]|\([^()]*\))*)\)")


def sample_path(pattern: str) -> str:
    """A concrete path for a pattern, with ids no object has: for the admins' hundreds of
    patterns, whose own checks decide what a missing object answers."""

    def converter(match):
        # Most string parameters in the admins are object ids too.
        uuid = "00000000-0000-4000-8000-000000000000"
        return uuid if match["kind"] == "uuid" else "999999"

    def group(match):
        body = match.group(1)
        return "999999" if body.startswith(("\\d", "[0-9]")) else "x"

    path = _CONVERTER.sub(converter, pattern)
    path = _GROUP.sub(group, path)
    path = path.replace("^", "").replace("$", "").replace("\\", "").replace("?", "")
    return "/" + path
