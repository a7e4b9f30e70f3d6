"""What conversations declare to the shared staff machinery: editable email texts, the
dashboard panel of reports waiting, and the people screen."""

import pytest
from django.test import RequestFactory

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.conversations import services
from irp.conversations.wagtail_hooks import ReportsWaitingPanel
from irp.emails.models import EmailText
from irp.emails.services import ensure_email_texts

pytestmark = pytest.mark.django_db

PANEL = "Conversation reports waiting"


def test_a_staff_edited_text_is_what_a_muted_member_receives(
    thread, facilitator, other_member, delivered
):
    ensure_email_texts()
    row = EmailText.objects.get(template="conversations/emails/muted")
    row.subject, row.uses_default = "Pausing in {{ space.name }}", False
    row.text = "Our new words: {{ days }} days. {{ reason }}"
    row.save()
    services.mute_member(
        space=thread.space, person=other_member, actor=facilitator, days=3, reason="A pause."
    )
    [mail] = delivered()
    assert mail.subject == f"Pausing in {thread.space.name}"
    assert "Our new words: 3 days. A pause." in mail.body


@pytest.fixture
def reported(thread, other_member):
    post = services.reply(thread=thread, person=other_member, body="Words that stay private.")
    services.report_post(post=post, person=thread.author, reason="A reason that stays private.")
    return post


def test_staff_see_reports_waiting_by_thread_and_space_never_the_words(client, reported):
    sign_in_with_two_steps(client, make_person(email="staff@example.org", role=roles.STAFF_ADMINS))
    page = client.get("/admin/").content.decode()
    assert PANEL in page and "1 report waiting." in page
    assert f"{reported.thread.title}, post {reported.number}" in page
    assert "Words that stay private." not in page
    assert "A reason that stays private." not in page


def test_only_people_who_moderate_a_space_get_the_panel(reported, member, facilitator):
    request = RequestFactory().get("/admin/")
    panel = ReportsWaitingPanel(request)
    assert not panel.shown_to(member)
    assert panel.shown_to(facilitator)


def test_the_people_screen_shows_a_pause_never_a_post(client, thread, facilitator, other_member):
    services.mute_member(
        space=thread.space, person=other_member, actor=facilitator, days=3, reason="A pause."
    )
    sign_in_with_two_steps(client, make_person(email="staff@example.org", role=roles.STAFF_ADMINS))
    page = client.get(f"/admin/people/{other_member.pk}/").content.decode()
    assert f"Posting paused in {thread.space.name}" in page
    facilitator_page = client.get(f"/admin/people/{facilitator.pk}/").content.decode()
    assert f"Facilitates {thread.space.name}" in facilitator_page
    assert "What helps you listen?" not in facilitator_page


def test_the_demo_leaves_a_report_and_an_application_waiting_for_the_dashboard(client):
    import io

    from irp.core import registry
    from irp.programmes.models import Enrolment

    for _ in range(2):  # the demo is idempotent: a second run adds nothing
        for load in registry.demo_loaders():
            load(stdout=io.StringIO())
    assert Enrolment.objects.filter(state="applied").count() == 1
    sign_in_with_two_steps(client, make_person(email="staff@example.org", role=roles.STAFF_ADMINS))
    page = client.get("/admin/").content.decode()
    assert "1 report waiting." in page and "1 application waiting for a reply." in page
