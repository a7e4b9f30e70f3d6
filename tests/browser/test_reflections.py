"""A practitioner signs up, confirms their address, reflects twice on one prompt,
sees then and now, and sets up an authenticator app. axe-core checks every page."""

import io
import re

import pyotp
import pytest
from django.core import mail
from django.core.management import call_command

from irp.reflections.demo import load as load_prompts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-quiet-Morning-42"


def test_sign_up_reflect_twice_see_then_and_now_and_set_up_totp(
    live_server, page, assert_accessible
):
    # The prompt library only: this flow needs no public pages.
    call_command("createcachetable", verbosity=0)
    load_prompts(stdout=io.StringIO())

    page.goto(live_server.url + "/accounts/signup/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign Up").click()  # empty: errors are shown
    assert_accessible(page)
    page.get_by_label("Email").fill("rowan@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)

    message = next(m for m in mail.outbox if "rowan@example.org" in m.to)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/reflect/")
    assert_accessible(page)

    page.get_by_role("link", name="Reflect on this").click()
    assert_accessible(page)
    prompt_url = page.url
    page.locator("#id_body").fill("At first I saw only what was wrong.")
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_text("Your reflection is saved").wait_for()
    assert_accessible(page)

    page.goto(prompt_url)
    page.locator("#id_body").fill("Now I notice what was well all along.")
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_text("Your reflection is saved").wait_for()

    page.goto(prompt_url)
    earlier = page.locator(".then-and-now__earlier")
    assert "At first I saw only what was wrong." in earlier.locator(".then").inner_text()
    assert "Now I notice what was well all along." in earlier.locator(".now").inner_text()
    assert_accessible(page)

    # A draft survives leaving the page.
    page.locator("#id_body").fill("Something half said")
    page.wait_for_timeout(1800)
    page.goto(live_server.url + "/reflect/journal/")
    assert_accessible(page)
    page.goto(prompt_url)
    assert page.locator("#id_body").input_value() == "Something half said"

    page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/2fa/totp/activate/")
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/.*"))
    assert_accessible(page)
    page.goto(live_server.url + "/accounts/2fa/")
    assert "Authenticator App" in page.content() or "authenticator" in page.content().lower()
    assert_accessible(page)


def test_staff_sign_in_with_a_code_reaches_the_admin(
    live_server, page, staff_member, sign_in_in_browser, assert_accessible
):
    sign_in_in_browser(page, live_server, staff_member, next_url="/admin/")
    assert page.url.endswith("/admin/")


def test_profile_page_is_accessible_empty_and_with_errors(
    live_server, page, staff_member, sign_in_in_browser, assert_accessible
):
    sign_in_in_browser(page, live_server, staff_member, next_url="/accounts/profile/")
    assert_accessible(page)
    page.locator("#id_profession").select_option("other")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Please tell us your profession in your words.").first.wait_for()
    assert_accessible(page)
    page.goto(live_server.url + "/accounts/your-data/")
    assert_accessible(page)
