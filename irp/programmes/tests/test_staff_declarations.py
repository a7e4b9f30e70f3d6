"""What programmes declare to the shared staff machinery: editable email texts, the
dashboard panel of applications waiting, and the people screen."""

import pytest

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.emails.models import EmailText
from irp.emails.services import ensure_email_texts
from irp.enquiries.tests.factories import answerer
from irp.programmes import services

from .factories import EnrolmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

PANEL = "Programme applications waiting for a decision"


def _staff_text(template: str, **parts) -> None:
    ensure_email_texts()
    row = EmailText.objects.get(template=template)
    for part, source in parts.items():
        setattr(row, part, source)
    row.uses_default = False
    row.save()


def test_a_staff_edited_text_is_what_a_declined_applicant_receives(cohort, person, delivered):
    _staff_text(
        "programmes/emails/declined",
        subject="About {{ programme.title }}",
        text="Dear {{ person.get_short_name }}, in our new words. {{ enrolment.decision_note }}",
        html="",
    )
    enrolment = EnrolmentFactory(cohort=cohort, person=person, state="applied")
    services.decline_application(enrolment=enrolment, note="Another cohort may suit you.")
    [mail] = delivered()
    assert mail.subject == f"About {cohort.programme.title}"
    assert "in our new words. Another cohort may suit you." in mail.body


def test_reviewers_see_the_applications_waiting_oldest_first(client, cohort):
    EnrolmentFactory(cohort=cohort, state="applied", person=PersonFactory(display_name="Ada First"))
    EnrolmentFactory(cohort=cohort, state="applied", person=PersonFactory(display_name="Bo Second"))
    EnrolmentFactory(cohort=cohort, state="enrolled", person=PersonFactory(display_name="Cy In"))
    sign_in_with_two_steps(client, make_person(email="staff@example.org", role=roles.STAFF_ADMINS))
    page = client.get("/admin/").content.decode()
    assert PANEL in page and "2 applications waiting for a reply." in page
    assert page.index("Ada First") < page.index("Bo Second")
    assert "Cy In" not in page


def test_staff_who_do_not_review_applications_do_not_see_the_panel(client, cohort):
    EnrolmentFactory(cohort=cohort, state="applied", person=PersonFactory(display_name="Ada First"))
    sign_in_with_two_steps(client, answerer(email="inbox@example.org"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert PANEL not in response.content.decode() and "Ada First" not in response.content.decode()


def test_the_people_screen_shows_cohort_and_state_never_the_answers(client, cohort, person):
    EnrolmentFactory(cohort=cohort, person=person, state="applied")
    sign_in_with_two_steps(client, make_person(email="staff@example.org", role=roles.STAFF_ADMINS))
    page = client.get(f"/admin/people/{person.pk}/").content.decode()
    assert str(cohort) in page and "Application waiting for a reply" in page
    assert "It is time to look at my own practice." not in page
