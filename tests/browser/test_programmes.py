"""A practitioner applies for a cohort; staff accept in the admin; the acceptance email
leads to the cohort; the practitioner opens a step, writes its reflection, marks it
taken and shares it; the facilitator replies and the author reads the reply. Axe checks
every page on the way."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from irp.programmes import selectors
from irp.programmes.models import Enrolment
from irp.programmes.tests.factories import CohortFactory, FacilitatorFactory, PersonFactory

from .test_live_discussions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_accept_step_reflect_take_share_and_reply(
    live_server, page, browser, assert_accessible, staff_member, sign_in_in_browser, delivered
):
    facilitator = FacilitatorFactory(display_name="Robin Facilitator")
    # Starts today: applications are still open, and the first step opens at midnight.
    cohort = CohortFactory(starts_on=timezone.localdate(), facilitators=[facilitator])
    programme = cohort.programme
    practitioner = PersonFactory(display_name="Alex Practitioner")

    # A visitor finds the programme.
    page.goto(live_server.url + "/programmes/")
    assert_accessible(page)
    page.get_by_role("link", name=programme.title).click()
    assert page.locator("h1").inner_text() == programme.title
    assert "Step 1.1" in page.locator("main").inner_text()
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    assert_accessible(page)

    # Signed in, they apply; a missing answer is asked for and nothing typed is lost.
    sign_in(page, live_server, practitioner)
    page.goto(live_server.url + programme.url)
    page.get_by_role("link", name=re.compile("^Apply")).click()
    assert_accessible(page)
    page.get_by_label("Why now?").fill("I keep meeting the same questions in my work.")
    page.get_by_role("button", name="Send my application").click()
    assert "Please write a few words here." in page.locator("main").inner_text()
    assert page.get_by_label("Why now?").input_value().startswith("I keep meeting")
    assert_accessible(page)
    page.get_by_label("What do you hope to explore?").fill("My own well-being, first.")
    page.get_by_role("button", name="Send my application").click()
    assert page.locator("h1").inner_text() == "My programmes"
    assert "Application waiting for a reply" in page.locator("main").inner_text()
    assert_accessible(page)

    # Staff accept it in the admin's application queue, with a note.
    staff = browser.new_context()
    admin = staff.new_page()
    sign_in_in_browser(admin, live_server, staff_member, next_url="/admin/")
    admin.goto(live_server.url + "/admin/programmes/cohorts/applications/")
    assert "I keep meeting the same questions" in admin.locator("main").inner_text()
    admin.get_by_label("Choose Alex Practitioner").check()
    admin.get_by_label("Note for the email (optional)").fill("We look forward to meeting you.")
    admin.get_by_role("button", name="Accept the ticked applications").click()
    expect(admin.locator("body")).to_contain_text("Accepted 1")  # once the new page is in
    assert Enrolment.objects.get(person=practitioner).state == "enrolled"

    # The acceptance email, as delivered, leads to the cohort.
    [mail] = [m for m in delivered() if m.to == [practitioner.email]]
    assert "You have a place" in mail.subject
    assert "We look forward to meeting you." in mail.body
    link = re.search(r"https?://\S+/programmes/mine/\d+/", mail.body).group(0)
    page.goto(live_server.url + link[link.index("/programmes/") :])
    assert "Steps taken: 0 of 4" in page.locator("main").inner_text()
    assert_accessible(page)

    # The first step is open: content, prompt, and the journal linked to it.
    step = selectors.steps_of(programme).first()
    page.get_by_role("link", name=step.title).click()
    assert "The words of step 1.1" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Write in your journal about this step").click()
    assert step.reflection_prompt in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Your reflection").fill("I noticed how quickly I look for what is wrong.")
    page.get_by_role("button", name="Save reflection").click()
    assert page.locator("h1").inner_text() == step.title

    page.get_by_role("button", name="Mark as taken").click()
    assert "Steps taken: 1 of 4" in page.locator("main").inner_text()
    page.get_by_role("button", name=re.compile("^Share this one with your facilitator")).click()
    assert "Shared with your facilitator" in page.locator("main").inner_text()
    assert_accessible(page)

    # The facilitator reads the shared entry and replies.
    other = browser.new_context()
    facilitating = other.new_page()
    sign_in(facilitating, live_server, facilitator)
    facilitating.goto(f"{live_server.url}/programmes/cohorts/{cohort.pk}/")
    main = facilitating.locator("main").inner_text()
    assert "I noticed how quickly I look for what is wrong." in main
    assert "1 of 4" in main
    assert_accessible(facilitating)
    facilitating.get_by_label("Your reply").fill("Thank you. What did you notice next?")
    facilitating.get_by_role("button", name=re.compile("^Send reply")).click()
    assert "Your reply is saved" in facilitating.locator("main").inner_text()
    assert_accessible(facilitating)

    # The author reads the reply beside the step.
    page.reload()
    assert "Thank you. What did you notice next?" in page.locator("main").inner_text()
    staff.close()
    other.close()


def test_the_other_programme_pages_are_accessible(
    live_server, page, browser, assert_accessible, staff_member, sign_in_in_browser
):
    from irp.programmes.tests.factories import EnrolmentFactory

    facilitator = FacilitatorFactory()
    cohort = CohortFactory(starts_on=timezone.localdate(), facilitators=[facilitator])
    later = CohortFactory(programme=cohort.programme, capacity=1)
    step = selectors.steps_of(cohort.programme).first()
    step.content_note = "This step talks about childhood trauma."
    step.save_revision().publish()
    practitioner = PersonFactory()
    EnrolmentFactory(cohort=cohort, person=practitioner)
    EnrolmentFactory(cohort=later, person=practitioner, state="waiting", queue_number=1)
    EnrolmentFactory(cohort=later, state="applied")

    sign_in(page, live_server, practitioner)
    page.goto(live_server.url + "/programmes/mine/")
    assert "On the waiting list" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/programmes/mine/{cohort.pk}/steps/{step.pk}/")
    # The content stays folded behind its note until the reader opens it.
    assert not page.get_by_text("The words of step 1.1").is_visible()
    assert_accessible(page)
    page.get_by_text("Open the step\u2019s content").click()
    assert page.get_by_text("The words of step 1.1").is_visible()
    assert_accessible(page)
    for path in (f"/programmes/mine/{cohort.pk}/pause/", f"/programmes/mine/{cohort.pk}/leave/",
                 f"/programmes/mine/{later.pk}/leave/"):  # fmt: skip
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.goto(f"{live_server.url}/programmes/mine/{cohort.pk}/pause/")
    page.get_by_role("button", name="Pause").click()
    assert "You have paused" in page.locator("main").inner_text()
    assert_accessible(page)

    staff = browser.new_context()
    admin = staff.new_page()
    sign_in_in_browser(admin, live_server, staff_member, next_url="/admin/")
    for path in ("/admin/programmes/cohorts/applications/",
                 f"/admin/programmes/cohorts/{later.pk}/people/",
                 "/admin/programmes/cohorts/"):  # fmt: skip
        admin.goto(live_server.url + path)
        assert admin.locator("h1, h2").count() >= 1
        assert_accessible(admin)
    staff.close()
