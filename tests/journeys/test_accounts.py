"""Signing up and resetting a password, with the emails the worker really delivers."""

import pytest
from playwright.sync_api import expect

from .steps import PASSWORD, sign_in

pytestmark = [pytest.mark.journey, pytest.mark.browser]


def test_a_new_practitioner_signs_up_confirms_and_writes_a_first_reflection(
    site, page, mailbox, unique_address, assert_accessible
):
    address = unique_address("new.practitioner")
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(address)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    message = mailbox.wait_for(to=address, subject="Please Confirm Your Email Address")
    link = message.link("/accounts/confirm-email/")
    assert link.startswith(site.url + "/")
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/reflect/")  # signed in, at the practitioner's home

    page.get_by_role("link", name="Reflect on this").first.click()
    page.locator("#id_body").fill("Today I noticed how quiet the mind is under the noise.")
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_text("Your reflection is saved")).to_be_visible()
    page.goto("/reflect/journal/")
    expect(page.get_by_text("how quiet the mind is")).to_be_visible()

    [confirmation] = mailbox.assert_each_once(address)
    assert confirmation.subject.startswith("Infinite Recovery: ")


def test_a_practitioner_who_forgot_their_password_sets_a_new_one_from_the_email(
    page, mailbox, arranged, assert_accessible
):
    address = arranged["forgetful"]
    new_password = "a-brand-new-Evening-77"

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="Send me a reset link").click()
    page.wait_for_url("**/accounts/password/reset/done/")

    message = mailbox.wait_for(to=address, subject="Password Reset Email")
    page.goto(message.link("/accounts/password/reset/key/"))
    page.wait_for_url("**-set-password/")
    assert_accessible(page)
    page.locator("#id_password1").fill(new_password)
    page.locator("#id_password2").fill(new_password)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_text("Your password is now changed.")).to_be_visible()

    sign_in(page, email=address, password=PASSWORD)  # the old one no longer works
    expect(page.get_by_text("not correct", exact=False)).to_be_visible()
    sign_in(page, email=address, password=new_password)
    page.wait_for_url("**/reflect/")

    mailbox.assert_each_once(address)
