"""Demo programme: "This begins with you", three modules of three steps built from the
project's own ideas; a cohort that started two weeks ago with the demo practitioner
enrolled (three steps open, one with a content note) and one reflection shared with
the demo facilitator; and a future cohort open for applications. Idempotent: pages are
found by slug, cohorts by title, and nothing is made twice. Writes go through services."""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from irp.accounts.demo import DEMO_PASSWORD, FACILITATOR_EMAIL, PRACTITIONER_EMAIL
from irp.accounts.models import User
from irp.accounts.roles import FACILITATORS
from irp.pages.models import HomePage
from irp.reflections import selectors as reflection_selectors
from irp.reflections import services as reflection_services

from . import selectors, services
from .models import Cohort, ModulePage, ProgrammeIndexPage, ProgrammePage, StepPage

RUNNING = "Autumn cohort"
APPLICANT_EMAIL = "sam@demo.infiniterecovery.example"
UPCOMING = "Next cohort"

MODULES = [
    (
        "Two ways of seeing",
        "The model of illness and the model of health, side by side.",
        [
            (
                "Where we start from",
                "",
                "<p>Most of us were trained in mental illness: in naming what is wrong, "
                "managing symptoms and offering techniques. Very few of us were ever taught "
                "what mental health is. This first step simply asks you to notice the "
                "model you work from, without judging it.</p>",
                "When you meet a new client, what do you find yourself looking for first?",
            ),
            (
                "A model of illness",
                "",
                "<p>A model of illness rests on separation (the expert and the broken "
                "client), on diagnosis and pathology, on tools for managing symptoms, and "
                "on a steady focus on what is wrong. None of this is said unkindly; it is "
                "simply how most of the field learned to see.</p>",
                "Where in your own work do you see the expert position at play?",
            ),
            (
                "A model of health",
                "This step talks about childhood trauma and how people carry it.",
                "<p>A model of health starts from wholeness: nothing is fundamentally "
                "broken, and suffering is a misunderstanding rather than a disease. Even "
                "where early experiences were painful, the capacity for well-being was "
                "never lost; it can be covered over, not taken away.</p>",
                "What would change in a session if you assumed your client was already whole?",
            ),
        ],
    ),
    (
        "Innate well-being",
        "What is already present, waiting to be uncovered.",
        [
            (
                "Already present",
                "",
                "<p>Mental health is not something to be achieved. It is already there, "
                "like the sky behind clouds. This step invites you to look for moments "
                "when it showed up in your own day, unasked for.</p>",
                "When did you last feel at ease without having done anything to get there?",
            ),
            (
                "The intelligence of the mind and body",
                "",
                "<p>The mind and body are designed for healing. When we stop interfering, "
                "recovery tends to happen of its own accord. Notice what happens when "
                "you stop trying to fix a passing state of mind.</p>",
                "What do you notice when you leave a difficult feeling alone for a while?",
            ),
            (
                "Seeing, not learning",
                "",
                "<p>Insight is experiential, not intellectual. You can read about "
                "well-being for years; seeing it for yourself is something else. This "
                "step is an invitation to slow down rather than to study.</p>",
                "What do you understand in theory that you have not yet seen for yourself?",
            ),
        ],
    ),
    (
        "This begins with you",
        "You can only guide others as far as you have gone yourself.",
        [
            (
                "Beyond the expert position",
                "",
                "<p>Clients often arrive believing there is something wrong with them. "
                "Techniques offered from the expert position can quietly confirm that "
                "belief. Seeing a client's well-being changes what we offer.</p>",
                "How might your clients sense what you believe about them?",
            ),
            (
                "Your own assumptions",
                "",
                "<p>Which of your assumptions about mental health have you never "
                "questioned? This step asks you to write them down and look at them "
                "gently, one at a time.</p>",
                "Which assumption about recovery would you most like to look at again?",
            ),
            (
                "Bringing it to your work",
                "",
                "<p>The programme ends where it began: with you. What has shifted in "
                "how you see yourself, and how might that reach the people you work "
                "with?</p>",
                "What do you want to carry forward into your work?",
            ),
        ],
    ),
]


def _person(email: str, name: str, *, facilitator: bool = False) -> User:
    person, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        person.set_password(DEMO_PASSWORD)
        person.save()
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    if facilitator:
        person.groups.add(Group.objects.get_or_create(name=FACILITATORS)[0])
    return person


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _programme() -> ProgrammePage:
    index = ProgrammeIndexPage.objects.first()
    if index is None:
        index = _publish(
            HomePage.objects.get(),
            ProgrammeIndexPage(
                title="Programmes",
                slug="programmes",
                intro="<p>Programmes followed together, in a small cohort, over several "
                "weeks: experiential learning that begins with you.</p>",
            ),
        )
    programme = ProgrammePage.objects.filter(slug="this-begins-with-you").first()
    if programme is not None:
        return programme
    programme = _publish(
        index,
        ProgrammePage(
            title="This begins with you",
            slug="this-begins-with-you",
            summary="Nine weeks with a small cohort, looking at the model of health from "
            "the inside: your own well-being first, then your work.",
            body="<p>Each week a short step opens: something to read, watch or listen to, "
            "and a question to reflect on in your private journal. A live discussion "
            "with your cohort follows every few weeks.</p>",
            who_it_is_for="<p>Practitioners in addiction, mental health and recovery who "
            "feel the pull to question what they were taught.</p>",
            weekly_time="About two hours a week",
        ),
    )
    week = 0
    for m, (title, introduction, steps) in enumerate(MODULES, start=1):
        module = _publish(
            programme, ModulePage(title=title, slug=f"module-{m}", introduction=introduction)
        )
        for s, (step_title, note, content, prompt) in enumerate(steps, start=1):
            _publish(
                module,
                StepPage(
                    title=step_title,
                    slug=f"step-{m}-{s}",
                    opens_after_weeks=week,
                    content_note=note,
                    content=[("text", content)],
                    reflection_prompt=prompt,
                    cpd_hours=Decimal("1.00"),
                ),
            )
            week += 1
    return programme


def _cohort(programme, title, *, starts_on, facilitator, status) -> Cohort:
    cohort = Cohort.objects.filter(programme=programme, title=title).first()
    if cohort is None:
        cohort = services.save_cohort(
            cohort=Cohort(
                programme=programme,
                title=title,
                starts_on=starts_on,
                capacity=12,
                status=status,
            ),
            facilitators=[facilitator],
        )
    return cohort


@transaction.atomic
def load(*, stdout) -> None:
    today = timezone.localdate()
    facilitator = _person(FACILITATOR_EMAIL, "Robin Facilitator", facilitator=True)
    practitioner = _person(PRACTITIONER_EMAIL, "Alex Practitioner")
    programme = _programme()
    running = _cohort(
        programme,
        RUNNING,
        starts_on=today - dt.timedelta(days=14),
        facilitator=facilitator,
        status=Cohort.Status.CLOSED,
    )
    upcoming = _cohort(
        programme,
        UPCOMING,
        starts_on=today + dt.timedelta(days=28),
        facilitator=facilitator,
        status=Cohort.Status.OPEN,
    )
    # One application waiting for a decision, for the staff dashboard.
    applicant = _person(APPLICANT_EMAIL, "Sam Rivera")
    if not selectors.enrolments_of(applicant).exists():
        services.apply_for_cohort(
            cohort=upcoming,
            person=applicant,
            answers={
                question: "I have worked in addiction services for six years and would like "
                "to look at my own practice with others."
                for question in upcoming.questions
            },
        )
    if selectors.membership(practitioner, running.pk) is None:
        enrolment = services.add_member(cohort=running, person=practitioner)
        first = selectors.steps_of(programme).first()
        services.mark_step_taken(enrolment=enrolment, step=first)
        if not reflection_selectors.reflections_for_step(
            person=practitioner, step_id=first.pk
        ).exists():
            entry = reflection_services.write_reflection(
                author=practitioner,
                body="I noticed that I look for the problem first, almost before the person "
                "has sat down. I would like to see what happens if I look for what is "
                "well in them, and in me.",
                step_id=first.pk,
            )
            services.share_with_facilitator(enrolment=enrolment, reflection_id=entry.pk)
    stdout.write(
        f"Programmes: “{programme.title}” at /programmes/, a cohort under way and one "
        "open for applications.\n"
    )
