"""The staff screens: cohorts, the application queue, a cohort's people and moves."""

import pytest
from django.urls import reverse

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in
from irp.programmes import services
from irp.programmes.models import Cohort, Enrolment

from .factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = make_person(email="editor@example.org", role=roles.STAFF_EDITORS, with_mfa=True)
    sign_in(client, editor)
    return client


def test_staff_create_a_cohort_in_the_admin(staff_client, programme, facilitator):
    response = staff_client.post(
        reverse("programme_cohorts:add"),
        {
            "programme": programme.pk,
            "title": "Spring",
            "starts_on": "2027-03-01",
            "zone": "Europe/London",
            "capacity": "12",
            "facilitators": [facilitator.pk],
            "application_questions": "",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    cohort = Cohort.objects.get(title="Spring")
    assert list(cohort.facilitators.all()) == [facilitator]


def test_lowering_capacity_below_places_given_is_refused_with_a_message(staff_client, cohort):
    EnrolmentFactory.create_batch(2, cohort=cohort)
    response = staff_client.post(
        reverse("programme_cohorts:edit", args=[cohort.pk]),
        {
            "programme": cohort.programme.pk,
            "title": "",
            "starts_on": cohort.starts_on.isoformat(),
            "zone": cohort.zone,
            "capacity": "1",
            "application_questions": "",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "cannot be lower than the 2 places" in response.text
    cohort.refresh_from_db()
    assert cohort.capacity == 10


def test_the_queue_shows_answers_and_bulk_accepts_with_a_note(staff_client, cohort, delivered):
    applied = EnrolmentFactory.create_batch(3, cohort=cohort, state="applied")
    page = staff_client.get(reverse("programme_cohorts:applications"))
    assert page.status_code == 200
    assert "It is time to look at my own practice." in page.text
    response = staff_client.post(
        reverse("programme_cohorts:decide"),
        {"enrolment": [e.pk for e in applied[:2]], "decision": "accept", "note": "Welcome!"},
    )
    assert response.status_code == 302
    states = sorted(Enrolment.objects.filter(cohort=cohort).values_list("state", flat=True))
    assert states == ["applied", "enrolled", "enrolled"]
    mails = delivered()
    assert len(mails) == 2 and all("Welcome!" in m.body for m in mails)


def test_declining_from_the_queue(staff_client, cohort, delivered):
    enrolment = EnrolmentFactory(cohort=cohort, state="applied")
    staff_client.post(
        reverse("programme_cohorts:decide"),
        {"enrolment": [enrolment.pk], "decision": "decline", "note": "Not this time."},
    )
    enrolment.refresh_from_db()
    assert enrolment.state == "declined"
    assert "Not this time." in delivered()[0].body


def test_a_cohorts_people_and_a_move(staff_client, cohort, programme):
    other = CohortFactory(programme=programme)
    member = EnrolmentFactory(cohort=cohort)
    page = staff_client.get(reverse("programme_cohorts:people", args=[cohort.pk]))
    assert page.status_code == 200
    assert member.person.display_name in page.text
    response = staff_client.post(
        reverse("programme_cohorts:move", args=[member.pk]), {"to": str(other.pk)}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(person=member.person, state="enrolled").cohort == other


def test_a_cohort_people_applied_to_cannot_be_deleted(staff_client, cohort):
    EnrolmentFactory(cohort=cohort, state="applied")
    response = staff_client.post(reverse("programme_cohorts:delete", args=[cohort.pk]))
    assert response.status_code == 302
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_staff_editors_review_applications_too(editor_client, cohort):
    assert editor_client.get(reverse("programme_cohorts:applications")).status_code == 200


def test_facilitators_cannot_review_applications(client, facilitator, cohort):
    from irp.accounts.testing import sign_in_with_two_steps

    sign_in_with_two_steps(client, facilitator)
    response = client.get(reverse("programme_cohorts:applications"))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("programme_cohorts:decide"),
        {"enrolment": [EnrolmentFactory(cohort=cohort, state="applied").pk]},
    )
    assert response.status_code in (302, 403)
    assert not Enrolment.objects.filter(state="enrolled").exists()


def test_the_dashboard_counts_applications_waiting(staff_client, cohort):
    EnrolmentFactory(cohort=cohort, state="applied")
    page = staff_client.get("/admin/")
    assert "1 application waiting for a reply" in page.text


def test_the_demo_is_idempotent_and_as_the_issue_describes():
    import io

    from irp.accounts.demo import FACILITATOR_EMAIL, PRACTITIONER_EMAIL
    from irp.accounts.models import User
    from irp.pages.demo import load as load_pages
    from irp.programmes import demo, selectors
    from irp.programmes.models import StepPage
    from irp.reflections.models import ReflectionShare

    load_pages(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert StepPage.objects.count() == 9
    assert StepPage.objects.exclude(content_note="").count() == 1
    practitioner = User.objects.get(email=PRACTITIONER_EMAIL)
    [running] = selectors.cohorts_of(practitioner)
    enrolment = selectors.membership(practitioner, running.pk)
    rows = selectors.step_rows(enrolment=enrolment)
    assert sum(r["is_open"] for r in rows) == 3
    share = ReflectionShare.objects.get()
    assert share.reader.email == FACILITATOR_EMAIL
    assert len(selectors.cohorts_open_for_applications()) == 1
    assert services  # the demo goes through the services


def test_an_enquiry_becomes_an_invitation_to_apply(staff_client, cohort, delivered):
    from irp.enquiries.tests.factories import EnquiryFactory

    enquiry = EnquiryFactory(email="curious@example.org")
    page = staff_client.get(f"/admin/enquiries/inspect/{enquiry.pk}/")
    assert "Send an invitation to apply" in page.text
    response = staff_client.post(
        reverse("programme_cohorts:invite", args=[enquiry.pk]), {"cohort": str(cohort.pk)}
    )
    assert response.status_code == 302
    [mail] = [m for m in delivered() if m.to == ["curious@example.org"]]
    assert reverse("programmes:apply", args=[cohort.pk]) in mail.body
    assert cohort.programme.title in mail.subject


def test_staff_opening_a_cohorts_people_is_audited(staff_client, staff_member, cohort):
    from irp.audit.models import AuditEvent

    staff_client.get(reverse("programme_cohorts:people", args=[cohort.pk]))
    staff_client.get(reverse("programmes:cohort", args=[cohort.pk]))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"programmes.cohort_people_viewed", "programmes.cohort_viewed"} <= actions
