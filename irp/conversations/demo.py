"""Demo conversations: the Practitioners' room with one thread. Idempotent: threads are
found by title, and everything goes through the services."""

from irp.accounts.demo import FACILITATOR_EMAIL, PRACTITIONER_EMAIL
from irp.accounts.models import User

from . import services
from .models import Thread

OPEN_THREAD = "What does a model of health change in your first conversation with a client?"


def _thread(*, space, title, opening, replies):
    """Start `title` in `space` with its replies, unless it is there already."""
    if Thread.objects.filter(space=space, title=title).exists():
        return False
    author, body = opening
    services.accept_guidelines(space=space, person=author)
    post = services.start_thread(space=space, person=author, title=title, body=body)
    if post.state != post.State.PUBLISHED:
        services.approve_post(post=post, actor=_facilitator())
    for person, text in replies:
        services.accept_guidelines(space=space, person=person)
        answer = services.reply(thread=post.thread, person=person, body=text)
        if answer.state != answer.State.PUBLISHED:
            services.approve_post(post=answer, actor=_facilitator())
    return True


def _facilitator():
    return User.objects.get(email=FACILITATOR_EMAIL)


def load(*, stdout) -> None:
    room = services.ensure_open_room()
    practitioner = User.objects.filter(email=PRACTITIONER_EMAIL).first()
    facilitator = User.objects.filter(email=FACILITATOR_EMAIL).first()
    if practitioner is None or facilitator is None:
        return
    room.facilitators.add(facilitator)
    made = _thread(
        space=room,
        title=OPEN_THREAD,
        opening=(
            facilitator,
            "I used to open with a list of questions about what was wrong. Lately I begin "
            "by asking what has helped, even a little. What do you notice when you "
            "start from a person's health rather than their history?",
        ),
        replies=[
            (
                practitioner,
                "I notice I listen differently. When I stop looking for the problem, "
                "people seem to find their own words sooner.",
            )
        ],
    )
    if made:
        stdout.write("Conversations: the Practitioners' room with one thread.\n")
