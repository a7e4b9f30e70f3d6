"""Staff operations in Chromium: the acknowledgement's text edited, previewed, tested
and then received by someone getting in touch; and every new staff screen checked by
axe-core (WCAG 2.2 AA) with the demo's content in it."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from irp.accounts import roles
from irp.accounts.models import User
from irp.accounts.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_WORDS = "A person from our team reads every message"
NEW_HTML = (
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Thank you</title>'
    f"</head><body><p>Hello,</p><p>Thank you for writing to Infinite Recovery. {NEW_WORDS}."
    "</p><p>You agreed to: {{ enquiry.consent_text }}</p></body></html>"
)
NEW_TEXT = (
    f"Hello,\n\nThank you for writing to Infinite Recovery. {NEW_WORDS}.\n\n"
    "You agreed to: {{ enquiry.consent_text }}\n"
)


@pytest.fixture
def admin():
    call_command("demo", no_serve=True, stdout=io.StringIO())
    return make_person(
        email="admin@example.org", role=roles.STAFF_ADMINS, with_mfa=True, is_superuser=True
    )


def test_edit_the_acknowledgement_preview_send_a_test_and_the_new_text_arrives(
    live_server, page, browser, admin, sign_in_in_browser, assert_accessible, settings, delivered
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 1
    sign_in_in_browser(page, live_server, admin, next_url="/admin/email-texts/")
    page.get_by_role("link", name="Enquiry: thank you for getting in touch").click()
    page.wait_for_url("**/admin/email-texts/edit/**")
    edit_url = page.url
    expect(page.get_by_role("heading", name="Placeholders it may use")).to_be_visible()
    assert_accessible(page)

    # A placeholder it may not use is refused on save, and what was typed stays.
    page.locator("#id_subject").fill("Thank you, {{ enquiry.name }}")
    page.locator("#id_text").fill(NEW_TEXT)
    page.locator("#id_html").fill(NEW_HTML)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Unknown placeholder: {{ enquiry.name }}")).to_be_visible()
    assert page.locator("#id_text").input_value().startswith("Hello,\n\nThank you for writing")
    assert_accessible(page)

    page.locator("#id_subject").fill("We are glad you wrote to us")
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_text(NEW_WORDS)).to_be_visible(timeout=15_000)
    # Sample data, never a real person's.
    expect(preview.get_by_text("I agree that Infinite Recovery may keep")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("updated", exact=False).first).to_be_visible()

    page.goto(edit_url)
    expect(page.get_by_text("Staff have edited its text")).to_be_visible()
    page.get_by_role("button", name="Send me a test").click()
    expect(page.get_by_text("with sample data, is on its way to admin@example.org")).to_be_visible()
    # The test reads the database itself next: on SQLite nothing else may be writing, so
    # the admin's page settles and closes first.
    page.wait_for_load_state("networkidle")
    page.close()
    tests = [m for m in delivered() if m.to == ["admin@example.org"]]
    assert [m.subject for m in tests] == ["[Test] We are glad you wrote to us"]
    assert NEW_WORDS in tests[0].body

    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + "/contact/")
    visitor.locator("#id_name").fill("Jo Bloggs")
    visitor.locator("#id_email").fill("jo@example.org")
    visitor.locator("#id_role").select_option(index=1)
    visitor.locator("#id_hopes").fill("How a model of health could change my work.")
    visitor.locator("#id_consent").check()
    visitor.wait_for_timeout(1200)  # longer than the minimum fill time
    visitor.get_by_role("button", name="Send").click()
    visitor.get_by_role("heading", name="Thank you for getting in touch").wait_for()
    visitor.wait_for_load_state("networkidle")
    arrived = [m for m in delivered() if m.to == ["jo@example.org"]]
    assert len(arrived) == 1
    assert arrived[0].subject == "We are glad you wrote to us"
    assert NEW_WORDS in arrived[0].body
    assert NEW_WORDS in arrived[0].alternatives[0][0]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/email-texts/",
        "/admin/audit/",
        "/admin/audit/?action=account.viewed",
        "/admin/people/",
        "/admin/reports/enquiries/",
        "/admin/reports/attendance/",
    ],
)
def test_every_new_staff_screen_passes_axe(
    live_server, page, admin, sign_in_in_browser, assert_accessible, path
):
    sign_in_in_browser(page, live_server, admin, next_url="/admin/")
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_the_person_screen_and_its_erase_step_pass_axe_with_an_error_shown(
    live_server, page, admin, sign_in_in_browser, assert_accessible
):
    person = User.objects.get(email="practitioner@demo.infiniterecovery.example")
    sign_in_in_browser(page, live_server, admin, next_url=f"/admin/people/{person.pk}/")
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/people/{person.pk}/erase/")
    page.get_by_label("Type the person's email address to confirm").fill("wrong@example.org")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_text("nothing was erased")).to_be_visible()
    assert_accessible(page)
    assert User.objects.filter(pk=person.pk).exists()
