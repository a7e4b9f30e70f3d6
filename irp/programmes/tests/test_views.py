"""Every view, for each kind of visitor: anonymous, a member, another practitioner,
the cohort's facilitator, another facilitator and staff."""

import pytest
from django.urls import reverse

from irp.accounts.testing import sign_in_with_two_steps
from irp.programmes import selectors, services
from irp.programmes.models import Enrolment
from irp.reflections import services as reflection_services

from .factories import EnrolmentFactory, FacilitatorFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(running_cohort, person):
    EnrolmentFactory(cohort=running_cohort, person=person)
    return person


@pytest.fixture
def open_step(running_cohort):
    return selectors.steps_of(running_cohort.programme).first()


@pytest.fixture
def closed_step(running_cohort):
    return selectors.steps_of(running_cohort.programme).last()


def as_(client, person, *, two_steps=False):
    if two_steps:
        sign_in_with_two_steps(client, person)
    else:
        client.force_login(person)
    return client


# --- Public pages -----------------------------------------------------------------------


def test_the_list_shows_programmes_open_for_applications(client, cohort, programme):
    response = client.get("/programmes/")
    assert response.status_code == 200
    assert programme.title in response.text


def test_the_programme_page_shows_its_outline_cohorts_and_course_data(client, cohort, programme):
    response = client.get(programme.url)
    assert response.status_code == 200
    assert "Step 1.1" in response.text and "Module 2" in response.text
    assert "10 places left of 10" in response.text
    assert '"@type": "Course"' in response.text
    assert '"@type": "CourseInstance"' in response.text
    assert reverse("programmes:apply", args=[cohort.pk]) in response.text
    # The outline names steps; their content is not public.
    assert "The words of step 1.1" not in response.text


def test_a_steps_own_address_leads_the_public_to_the_outline(client, programme):
    step = selectors.steps_of(programme).first()
    response = client.get(step.url)
    assert response.status_code == 302
    assert response["Location"] == programme.url


# --- Applying -------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_to_apply(client, cohort):
    response = client.get(reverse("programmes:apply", args=[cohort.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_applying_asks_the_programmes_questions_and_keeps_answers(client, cohort, person):
    as_(client, person)
    url = reverse("programmes:apply", args=[cohort.pk])
    page = client.get(url)
    assert "Why now?" in page.text and "What do you hope to explore?" in page.text
    response = client.post(url, {"answer_0": "Because it is time.", "answer_1": ""})
    assert response.status_code == 200
    assert "Please write a few words here." in response.text
    assert "Because it is time." in response.text  # nothing typed is lost
    response = client.post(url, {"answer_0": "Because it is time.", "answer_1": "Myself."})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=person)
    assert enrolment.state == "applied"
    assert enrolment.answers[1] == {"question": "What do you hope to explore?", "answer": "Myself."}
    mine = client.get(reverse("programmes:mine"))
    assert "Application waiting for a reply" in mine.text


def test_a_cohort_not_open_for_applications_answers_404(client, running_cohort, person):
    as_(client, person)
    assert client.get(reverse("programmes:apply", args=[running_cohort.pk])).status_code == 404


def test_mine_lists_only_ones_own_applications(client, cohort, person):
    EnrolmentFactory(cohort=cohort, state="applied")  # someone else
    as_(client, person)
    response = client.get(reverse("programmes:mine"))
    assert response.status_code == 200
    assert "You have not applied" in response.text


# --- The member's cohort and steps --------------------------------------------------------


def test_the_member_sees_open_steps_and_a_plain_count(
    client, member, running_cohort, open_step, closed_step, django_assert_max_num_queries
):
    as_(client, member)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("programmes:member_cohort", args=[running_cohort.pk]))
    assert response.status_code == 200
    assert "Steps taken: 0 of 4" in response.text
    assert reverse("programmes:step", args=[running_cohort.pk, open_step.pk]) in response.text
    assert reverse("programmes:step", args=[running_cohort.pk, closed_step.pk]) not in response.text
    assert "%" not in response.text


@pytest.mark.parametrize("who", ["anonymous", "other", "facilitator", "other_facilitator", "staff"])
def test_nobody_else_reaches_a_members_cohort_or_step(
    client, who, running_cohort, open_step, facilitator
):
    people = {
        "other": PersonFactory(),
        "facilitator": facilitator,
        "other_facilitator": FacilitatorFactory(),
        "staff": PersonFactory(is_staff=True),
    }
    if who != "anonymous":
        as_(client, people[who], two_steps=who != "other")
    urls = [
        reverse("programmes:member_cohort", args=[running_cohort.pk]),
        reverse("programmes:step", args=[running_cohort.pk, open_step.pk]),
    ]
    for url in urls:
        response = client.get(url)
        expected = 302 if who == "anonymous" else 404
        assert response.status_code == expected, url
        assert "The words of step" not in response.text


def test_a_step_opens_for_members_only_on_its_date(
    client, member, running_cohort, open_step, closed_step
):
    as_(client, member)
    response = client.get(reverse("programmes:step", args=[running_cohort.pk, open_step.pk]))
    assert response.status_code == 200
    assert "The words of step 1.1" in response.text
    assert open_step.reflection_prompt in response.text
    assert f"/reflect/write/?step={open_step.pk}" in response.text
    response = client.get(reverse("programmes:step", args=[running_cohort.pk, closed_step.pk]))
    assert response.status_code == 404


def test_a_content_note_folds_the_content(client, member, running_cohort, open_step):
    open_step.content_note = "This step talks about childhood trauma."
    open_step.save_revision().publish()
    as_(client, member)
    response = client.get(reverse("programmes:step", args=[running_cohort.pk, open_step.pk]))
    text = response.text
    assert '<details class="content-note">' in text
    assert text.index("childhood trauma") < text.index("The words of step 1.1")
    note = text.index('<details class="content-note">')
    assert note < text.index("The words of step 1.1") < text.index("</details>", note)


def test_marking_a_step_taken_counts_it(client, member, running_cohort, open_step):
    as_(client, member)
    url = reverse("programmes:taken", args=[running_cohort.pk, open_step.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"taken": "yes"})
    assert response.status_code == 302
    page = client.get(reverse("programmes:member_cohort", args=[running_cohort.pk]))
    assert "Steps taken: 1 of 4" in page.text
    client.post(url, {"taken": "no"})
    page = client.get(reverse("programmes:member_cohort", args=[running_cohort.pk]))
    assert "Steps taken: 0 of 4" in page.text


def test_a_closed_step_cannot_be_marked(client, member, running_cohort, closed_step):
    as_(client, member)
    url = reverse("programmes:taken", args=[running_cohort.pk, closed_step.pk])
    assert client.post(url, {"taken": "yes"}).status_code == 404
    assert not selectors.steps_taken(member).exists()


# --- The journal, linked to a step; sharing -------------------------------------------------


def test_the_journal_opens_linked_to_an_open_step(client, member, running_cohort, open_step):
    as_(client, member)
    url = f"/reflect/write/?step={open_step.pk}"
    page = client.get(url)
    assert open_step.reflection_prompt in page.text
    response = client.post(url, {"body": "What I noticed this week."})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programmes:step", args=[running_cohort.pk, open_step.pk]
    )
    step_page = client.get(response["Location"])
    assert "What I noticed this week." in step_page.text
    assert "Share this one with your facilitator" in step_page.text


def test_the_journal_ignores_a_step_the_person_cannot_write_to(
    client, person, running_cohort, closed_step
):
    as_(client, person)  # not a member
    response = client.post(f"/reflect/write/?step={closed_step.pk}", {"body": "Free words."})
    assert response.status_code == 302
    from irp.reflections.models import Reflection

    assert Reflection.objects.get(author=person).step_id is None


def _shared_entry(member, running_cohort, step):
    entry = reflection_services.write_reflection(
        author=member, body="My shared words.", step_id=step.pk
    )
    enrolment = selectors.membership(member, running_cohort.pk)
    [share] = services.share_with_facilitator(enrolment=enrolment, reflection_id=entry.pk)
    return entry, share


def test_the_facilitator_reads_only_what_was_shared_and_replies(
    client, member, running_cohort, open_step, facilitator
):
    _entry, share = _shared_entry(member, running_cohort, open_step)
    reflection_services.write_reflection(author=member, body="Private words.", step_id=open_step.pk)
    as_(client, facilitator, two_steps=True)
    url = reverse("programmes:cohort", args=[running_cohort.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "My shared words." in page.text
    assert "Private words." not in page.text
    assert "0 of 4" in page.text  # steps taken, a plain count
    reply_url = reverse("programmes:reply", args=[running_cohort.pk, share.pk])
    assert client.post(reply_url, {"body": ""}).status_code == 400
    response = client.post(reply_url, {"body": "Thank you for this."})
    assert response.status_code == 302
    # The author sees the reply beside the step.
    as_(client, member)
    step_page = client.get(reverse("programmes:step", args=[running_cohort.pk, open_step.pk]))
    assert "Thank you for this." in step_page.text


def test_stopping_sharing_removes_the_facilitators_view_at_once(
    client, member, running_cohort, open_step, facilitator
):
    entry, share = _shared_entry(member, running_cohort, open_step)
    as_(client, member)
    response = client.post(
        reverse("programmes:share", args=[running_cohort.pk, open_step.pk]),
        {"reflection": entry.pk, "action": "stop"},
    )
    assert response.status_code == 302
    client.logout()
    as_(client, facilitator, two_steps=True)
    page = client.get(reverse("programmes:cohort", args=[running_cohort.pk]))
    assert "My shared words." not in page.text
    reply_url = reverse("programmes:reply", args=[running_cohort.pk, share.pk])
    assert client.post(reply_url, {"body": "Too late."}).status_code == 404


def test_another_facilitator_never_sees_a_cohort_or_its_shares(
    client, member, running_cohort, open_step
):
    _shared_entry(member, running_cohort, open_step)
    as_(client, FacilitatorFactory(), two_steps=True)
    response = client.get(reverse("programmes:cohort", args=[running_cohort.pk]))
    assert response.status_code == 404
    assert "My shared words." not in response.text


def test_a_shared_entry_stays_out_of_reach_in_the_journal_for_the_facilitator(
    client, member, running_cohort, open_step, facilitator
):
    entry, _ = _shared_entry(member, running_cohort, open_step)
    as_(client, facilitator, two_steps=True)
    for url in (f"/reflect/entries/{entry.pk}/", f"/reflect/entries/{entry.pk}/edit/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/reflect/entries/{entry.pk}/delete/").status_code == 404


def test_a_member_cannot_share_someone_elses_entry(client, member, running_cohort, open_step):
    other = PersonFactory()
    theirs = reflection_services.write_reflection(
        author=other, body="Theirs.", step_id=open_step.pk
    )
    as_(client, member)
    response = client.post(
        reverse("programmes:share", args=[running_cohort.pk, open_step.pk]),
        {"reflection": theirs.pk, "action": "share"},
    )
    assert response.status_code == 404


def test_staff_see_the_facilitators_page_but_no_shared_words(
    client, member, running_cohort, open_step, staff_member
):
    _shared_entry(member, running_cohort, open_step)
    as_(client, staff_member, two_steps=True)
    page = client.get(reverse("programmes:cohort", args=[running_cohort.pk]))
    assert page.status_code == 200
    assert "My shared words." not in page.text


# --- Pausing, leaving, the weekly email, messages ---------------------------------------------


def test_leaving_asks_once_then_frees_the_place(client, member, running_cohort):
    waiting = EnrolmentFactory(cohort=running_cohort, state="waiting", queue_number=1)
    running_cohort.capacity = 1
    running_cohort.last_queue_number = 1
    running_cohort.save()
    as_(client, member)
    url = reverse("programmes:leave", args=[running_cohort.pk])
    page = client.get(url)
    assert "Leave This begins with you?" in page.text
    assert selectors.is_member(member, running_cohort)
    client.post(url)
    assert not selectors.is_member(member, running_cohort)
    waiting.refresh_from_db()
    assert waiting.state == "enrolled"


def test_pausing_keeps_the_place_and_carrying_on_resumes(client, member, running_cohort):
    as_(client, member)
    url = reverse("programmes:pause", args=[running_cohort.pk])
    assert "Pause" in client.get(url).text
    client.post(url)
    assert selectors.membership(member, running_cohort.pk).state == "paused"
    client.post(url)
    assert selectors.membership(member, running_cohort.pk).state == "enrolled"


def test_the_weekly_email_can_be_turned_off(client, member, running_cohort):
    as_(client, member)
    client.post(reverse("programmes:weekly_email", args=[running_cohort.pk]), {"wants": "no"})
    assert not selectors.membership(member, running_cohort.pk).wants_weekly_email


def test_the_facilitator_messages_the_cohort(
    client, member, running_cohort, facilitator, delivered, django_capture_on_commit_callbacks
):
    as_(client, facilitator, two_steps=True)
    url = reverse("programmes:message", args=[running_cohort.pk])
    response = client.post(url, {"subject": "", "body": "Kept text"})
    assert response.status_code == 400
    assert "Kept text" in response.text
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after commit
        response = client.post(url, {"subject": "This week", "body": "See you on Thursday."})
    assert response.status_code == 302
    [mail] = [m for m in delivered() if m.to == [member.email]]
    assert "See you on Thursday." in mail.body


def test_steps_and_modules_stay_out_of_the_sitemap(client, programme):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert programme.url in response.text
    assert "/step-1-1/" not in response.text
    assert "/module-1/" not in response.text
