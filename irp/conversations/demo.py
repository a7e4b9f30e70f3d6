"""Demo conversations: the demo cohort's space with two threads and replies from the
demo practitioner, the facilitator and two other members; the Practitioners' room
with one thread. Idempotent: people are found by email, threads by title, and
everything goes through the services (programmes' own for joining the cohort)."""

from allauth.account.models import EmailAddress

from irp.accounts.demo import DEMO_PASSWORD, FACILITATOR_EMAIL, PRACTITIONER_EMAIL
from irp.accounts.models import User
from irp.programmes import selectors as programme_selectors
from irp.programmes import services as programme_services

from . import services
from .models import Report, Space, Thread

MEMBERS = [
    ("jamie@demo.infiniterecovery.example", "Jamie Lewis"),
    ("priya@demo.infiniterecovery.example", "Priya Shah"),
]
OPEN_THREAD = "What does a model of health change in your first conversation with a client?"
COHORT_THREADS = [
    (
        "What did you notice in the first step?",
        "facilitator",
        "Before we meet on Thursday: what did you notice in yourself while taking the "
        "first step? There is no right answer; a small thing is as welcome as a big one.",
        [
            (
                "practitioner",
                "That I look for the problem almost before a person has sat "
                "down. Noticing it was enough to slow me a little.",
            ),
            (
                "jamie",
                "I noticed how tired I was, and that the tiredness was not the whole "
                "of me. Something underneath it was quite steady.",
            ),
            (
                "priya",
                "Reading @AlexPractitioner's words, I recognise that habit too. I "
                "tried listening a moment longer before asking anything.",
            ),
            (
                "facilitator",
                "Thank you, all three. Steadiness underneath, a moment longer: "
                "let's start there on Thursday.",
            ),
        ],
    ),
    (
        "Keeping a little quiet in a busy day",
        "jamie",
        "Does anyone have a way of finding a quiet moment between clients? My days run "
        "back to back and I arrive at each session still carrying the last one.",
        [
            (
                "priya",
                "I stand by the window for one breath before I open the door. It "
                "sounds like nothing, but it helps me arrive.",
            ),
            (
                "practitioner",
                "I have started writing one line in my journal at lunch. Not "
                "about clients: just what I notice in me.",
            ),
        ],
    ),
]


def _member(email: str, name: str) -> User:
    person, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        person.set_password(DEMO_PASSWORD)
        person.save()
    EmailAddress.objects.update_or_create(
        user=person, email=email, defaults={"verified": True, "primary": True}
    )
    return person


def _post_as(space: Space, person, *, title=None, thread=None, body: str):
    services.accept_guidelines(space=space, person=person)
    if thread is None:
        return services.start_thread(space=space, person=person, title=title, body=body)
    return services.reply(thread=thread, person=person, body=body)


def _thread(space: Space, people: dict, title: str, author: str, body: str, replies) -> bool:
    if Thread.objects.filter(space=space, title=title).exists():
        return False
    opening = _post_as(space, people[author], title=title, body=body)
    for who, text in replies:
        answer = _post_as(space, people[who], thread=opening.thread, body=text)
        if answer.state != answer.State.PUBLISHED:
            services.approve_post(post=answer, actor=people["facilitator"])
    if opening.state != opening.State.PUBLISHED:
        services.approve_post(post=opening, actor=people["facilitator"])
    return True


def load(*, stdout) -> None:
    practitioner = User.objects.filter(email=PRACTITIONER_EMAIL).first()
    facilitator = User.objects.filter(email=FACILITATOR_EMAIL).first()
    if practitioner is None or facilitator is None:
        return
    people = {"practitioner": practitioner, "facilitator": facilitator}
    room = services.ensure_open_room()
    room.facilitators.add(facilitator)
    made = _thread(room, people, OPEN_THREAD, "facilitator",
                   "I used to open with a list of questions about what was wrong. Lately I "
                   "begin by asking what has helped, even a little. What do you notice when "
                   "you start from a person's health rather than their history?",
                   [("practitioner", "I notice I listen differently. When I stop looking "
                     "for the problem, people seem to find their own words sooner.")])  # fmt: skip

    services.ensure_cohort_spaces()
    cohort = programme_selectors.cohorts_of(practitioner).first()
    if cohort is not None:
        space = Space.objects.get(cohort_id=cohort.pk)
        for key, (email, name) in zip(("jamie", "priya"), MEMBERS, strict=True):
            people[key] = _member(email, name)
            if not programme_selectors.is_member(people[key], cohort):
                programme_services.add_member(cohort=cohort, person=people[key])
        for title, author, body, replies in COHORT_THREADS:
            made = _thread(space, people, title, author, body, replies) or made
    _one_report(room, people)
    if made:
        stdout.write("Conversations: the demo cohort's space and the Practitioners' room.\n")


def _one_report(room: Space, people: dict) -> None:
    """A report waiting in the Practitioners' room, for the staff dashboard."""
    if Report.objects.filter(post__thread__space=room).exists():
        return
    thread = Thread.objects.filter(space=room, title=OPEN_THREAD).first()
    post = thread and thread.posts.filter(author=people["practitioner"]).first()
    member = people.get("jamie")
    if post is None or member is None:
        return
    services.report_post(
        post=post,
        person=member,
        reason="This names a workplace; could a facilitator check it is all right to keep?",
    )
