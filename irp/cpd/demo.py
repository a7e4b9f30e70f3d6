"""Demo CPD records for the demo practitioner: two past live discussions attended
(marked by the facilitator), three programme steps taken, two logged activities (one
with a reflective account) and one certificate. Idempotent: sessions and activities
are found by title. Everything goes through the services of this app, of live
discussions and of programmes."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from irp.accounts.demo import FACILITATOR_EMAIL, PRACTITIONER_EMAIL
from irp.accounts.models import User
from irp.live_discussions import services as live_services
from irp.live_discussions.models import LiveSession, Place
from irp.programmes import selectors as programmes
from irp.programmes import services as programme_services

from . import services
from .models import Activity, BodyRule, Kind, ReflectiveAccount

PAST_SESSIONS = [
    ("Looking back: what we mean by innate well-being", 40),
    ("Looking back: the practitioner's own state of mind", 12),
]


def _past_session(title: str, days_ago: int, facilitator) -> LiveSession:
    session = LiveSession.objects.filter(title=title).first()
    if session is None:
        starts_at = (timezone.now() - dt.timedelta(days=days_ago)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
        session = LiveSession(
            title=title,
            description="<p>A conversation that has already taken place.</p>",
            format=LiveSession.Format.ONLINE,
            join_link="https://meet.example/irp-demo-past",
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=90),
            capacity=20,
            status=LiveSession.Status.PUBLISHED,
            cpd_hours=Decimal("1.5"),
        )
        session = live_services.create_sessions(session=session, facilitators=[facilitator])[0]
    return session


def _attended(session: LiveSession, person, facilitator) -> None:
    # Registration closes at the start, so the demo gives the past place directly,
    # then the facilitator marks attendance through the service, as on the site.
    place, _ = Place.objects.get_or_create(
        session=session, person=person, defaults={"status": Place.Status.CONFIRMED}
    )
    live_services.record_attendance(
        session=session, marks={place.pk: Place.Attendance.ATTENDED}, by=facilitator
    )


def _three_steps_taken(person) -> None:
    # In the cohort the programmes demo enrolled them in, which began two weeks ago:
    # its first three steps are open by now.
    for cohort in programmes.cohorts_of(person):
        enrolment = programmes.membership(person, cohort.pk)
        for step in programmes.steps_of(cohort.programme)[:3]:
            if programmes.step_for_member(enrolment=enrolment, step_id=step.pk):
                programme_services.mark_step_taken(enrolment=enrolment, step=step)
        return


@transaction.atomic
def load(*, stdout) -> None:
    person = User.objects.filter(email=PRACTITIONER_EMAIL).first()
    facilitator = User.objects.filter(email=FACILITATOR_EMAIL).first()
    if person is None or facilitator is None:
        return
    sessions = [_past_session(title, days, facilitator) for title, days in PAST_SESSIONS]
    for session in sessions:
        _attended(session, person, facilitator)
    _three_steps_taken(person)
    if not person.cpd_certificates.exists():
        services.issue_certificate(person=person, source_key=f"session:{sessions[0].pk}")
    nmc = BodyRule.objects.filter(code="nmc").first()
    if nmc is not None:
        services.choose_body(person=person, body=nmc)
    today = timezone.localdate()
    if not Activity.objects.filter(person=person, title="Reading: the three principles").exists():
        services.log_activity(
            person=person,
            done_on=today - dt.timedelta(days=20),
            title="Reading: the three principles",
            kind=Kind.SELF_DIRECTED,
            hours=Decimal("2"),
        )
    workshop = Activity.objects.filter(person=person, title="Peer supervision group").first()
    if workshop is None:
        workshop = services.log_activity(
            person=person,
            done_on=today - dt.timedelta(days=7),
            title="Peer supervision group",
            kind=Kind.PARTICIPATORY,
            hours=Decimal("1.5"),
            reflect="We talked through a client who had returned after a relapse.",
            learned="How much my own worry coloured what I heard.",
            plan="I pause before sessions to settle my own mind first.",
            evaluate="Clients say more, and I say less.",
        )
    if not ReflectiveAccount.objects.filter(person=person).exists():
        services.write_account(
            person=person,
            title="Listening from a quieter mind",
            written_on=today - dt.timedelta(days=6),
            activity=workshop,
            reflect="In peer supervision I noticed how quickly I reached for technique when "
            "a client described a relapse.",
            learned="The client's own health was there all along; my hurry hid it from me.",
            plan="I now begin each session by noticing my own state of mind.",
            evaluate="I will look back over a month of sessions and ask my supervisor.",
        )
    stdout.write("CPD: the demo practitioner's record, with one certificate.\n")
