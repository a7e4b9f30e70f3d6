"""A new person signs up in Chromium and meets a page that tells them what happens next."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_after_sign_up_a_new_person_knows_where_the_email_went_and_what_to_do(
    live_server, page, assert_accessible
):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("new.person@example.org")
    page.locator("#id_password1").fill("a calm river at dawn")
    page.locator("#id_password2").fill("a calm river at dawn")
    page.get_by_role("button", name="Sign Up").click()

    page.wait_for_url("**/accounts/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("new.person@example.org")
    expect(page.get_by_role("link", name="Get in touch").first).to_have_attribute(
        "href", "/contact/"
    )
    assert_accessible(page)

    # Straight away, "send it again" is refused kindly (one email per three minutes).
    page.get_by_role("button", name="Send it again").click()
    page.wait_for_url("**/accounts/confirm-email/")
    expect(page.locator("main")).to_contain_text("We sent you one only a few minutes ago")
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "check-your-email.png", full_page=True)
