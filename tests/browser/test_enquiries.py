"""A person gets in touch using only the keyboard, makes a mistake, corrects it, succeeds."""

import io

import pytest
from django.core.management import call_command

from irp.enquiries.models import Enquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_getting_in_touch_by_keyboard_with_an_error_then_success(
    live_server, page, assert_accessible, settings
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 1
    call_command("demo", no_serve=True, stdout=io.StringIO())
    page.goto(live_server.url + "/contact/")
    assert_accessible(page)  # empty

    page.locator("#id_name").focus()
    page.keyboard.type("Jo Bloggs")
    page.keyboard.press("Tab")
    page.keyboard.type("jo@example")  # not a full address
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # role: the first profession in the list
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Riverside Counselling")
    page.keyboard.press("Tab")
    page.keyboard.type("How a model of health could change my work.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past "how you heard", to the privacy notice link
    page.keyboard.press("Tab")  # the consent box: left unticked
    assert page.evaluate("document.activeElement.id") == "id_consent"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the Send button

    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Please enter an email address" in summary.inner_text()
    assert "Please tick the box" in summary.inner_text()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name").input_value() == "Jo Bloggs"
    assert "How a model of health" in page.locator("#id_hopes").input_value()
    assert page.title().startswith("Error: ")
    assert_accessible(page)  # error state

    page.keyboard.press("Tab")  # the first error's link
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.press("End")
    page.keyboard.type(".org")
    page.locator("#id_consent").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Thank you for getting in touch").wait_for()
    assert "within three working days" in page.content()
    assert_accessible(page)  # success

    enquiry = Enquiry.objects.get(email="jo@example.org")
    assert enquiry.name == "Jo Bloggs"
    assert enquiry.organisation == "Riverside Counselling"
