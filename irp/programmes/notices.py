"""The emails programmes send, built in one place for the services and the worker."""

from django.urls import reverse

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
