"""The emails programmes send, built in one place for the services and the worker."""

import datetime as dt

from django.urls import reverse

from irp.core.registry import Email
from irp.emails.services import queue_email

from .models import Cohort, Enrolment


def cohort_context(cohort: Cohort) -> dict:
    return {
        "cohort": cohort,
        "programme": cohort.programme,
        "cohort_path": reverse("programmes:member_cohort", args=[cohort.pk]),
        "mine_path": reverse("programmes:mine"),
    }


def email_enrolment(
    enrolment: Enrolment, template: str, *, shared: dict | None = None, **extra
) -> None:
    """Queue one email to the person about their application or place. `shared` is the
    cohort's part of the context, when the caller made it once for many emails."""
    queue_email(
        to=[enrolment.person.email],
        template=f"programmes/emails/{template}",
        context={
            "person": enrolment.person,
            "enrolment": enrolment,
            **(shared or cohort_context(enrolment.cohort)),
            **extra,
        },
        about=enrolment.cohort,
    )


# --- For the editable email texts (irp/emails) ------------------------------------------
# What each email may show: the programme and cohort by name and date, the person's
# own application, links. Never a reflection or a reply's words.

_PERSON = {"person.get_short_name": "How the person likes to be addressed."}
_COHORT = {
    "programme.title": "The programme's title.",
    "cohort.starts_on": 'The cohort\'s start date (use with |date:"j F Y").',
    "cohort_path": "The person's cohort page (after site_url).",
    "mine_path": "The person's list of programmes (after site_url).",
}
_NOTE = {"enrolment.decision_note": "The note staff wrote with their decision (may be empty)."}
_POSITION = {"position": "Their number on the cohort's waiting list."}


def _sample() -> dict:
    return {
        "person": {"get_short_name": "Alex"},
        "name": "Alex Morgan",
        "programme": {"title": "Seeing the nature of thought"},
        "cohort": {"pk": 1, "starts_on": dt.date(2026, 3, 2)},
        "cohort_path": "/programmes/cohorts/1/",
        "mine_path": "/programmes/mine/",
        "programme_path": "/programmes/seeing-the-nature-of-thought/",
        "apply_path": "/programmes/apply/1/",
        "enrolment": {
            "decision_note": "We look forward to meeting you in the first discussion.",
            "state": "enrolled",
        },
        "position": 2,
        "steps": [{"title": "Where feelings come from"}],
        "next_session": {"title": "Week one together"},
        "next_session_when": "Tuesday 3 March, 18:00 (Europe/London)",
        "message": {
            "subject": "Before we begin",
            "body": "Bring one question you have been living with.",
        },
    }


def declared_emails() -> list[Email]:
    """Every email programmes send, for the editable email texts."""

    def email(name, title, description, *parts):
        placeholders = {}
        for part in parts:
            placeholders.update(part)
        return Email(
            template=f"programmes/emails/{name}",
            title=f"Programmes: {title}",
            description=description,
            placeholders=placeholders,
            sample=_sample(),
        )

    return [
        email(
            "invitation",
            "invitation to apply",
            "Sent when staff answer an enquiry with an invitation to apply for a cohort.",
            {
                "name": "The name the enquirer gave.",
                "programme.title": _COHORT["programme.title"],
                "cohort.starts_on": _COHORT["cohort.starts_on"],
                "programme_path": "The programme's page (after site_url).",
                "apply_path": "The application form for the cohort (after site_url).",
            },
        ),
        email(
            "accepted",
            "application accepted",
            "Sent when an application is accepted and a place is free.",
            _PERSON,
            _COHORT,
            _NOTE,
        ),
        email(
            "accepted_waiting",
            "accepted, on the waiting list",
            "Sent when an application is accepted and the cohort is full.",
            _PERSON,
            _COHORT,
            _NOTE,
            _POSITION,
        ),
        email(
            "declined",
            "no place offered",
            "Sent when staff decide not to offer a place.",
            _PERSON,
            _COHORT,
            _NOTE,
        ),
        email(
            "promoted",
            "a place came free",
            "Sent when a place frees up and the first person waiting gets it.",
            _PERSON,
            _COHORT,
        ),
        email(
            "moved",
            "moved to another cohort",
            "Sent when staff move a person's application or place to another cohort.",
            _PERSON,
            _COHORT,
            _POSITION,
            {"enrolment.state": "applied, enrolled or waiting: where they now stand."},
        ),
        email(
            "weekly_step",
            "this week's steps",
            "Sent on the day steps open, to members who want the weekly email.",
            _PERSON,
            _COHORT,
            {
                "steps": "The steps opening today (each with .title).",
                "next_session.title": "The cohort's next live discussion, if any.",
                "next_session_when": "When that discussion is, in its own zone.",
            },
        ),
        email(
            "reply",
            "a facilitator replied",
            "Sent when a facilitator replies to a reflection shared with them. It says only "
            "that there is a reply: the words stay on the platform.",
            _PERSON,
            {
                "programme.title": _COHORT["programme.title"],
                "cohort.pk": "The cohort's number (for its page's address).",
            },
        ),
        email(
            "cohort_message",
            "message from the facilitator",
            "A facilitator's message to everyone enrolled in a cohort.",
            _PERSON,
            _COHORT,
            {
                "message.subject": "The subject the facilitator wrote.",
                "message.body": "The message the facilitator wrote.",
            },
        ),
    ]
