"""Conversations in Chromium: a member accepts the guidelines and starts a thread,
another member replies, the digest arrives with the reply, and its one-click
unsubscribe works. A facilitator looks after the space. axe-core checks every page."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from irp.accounts import roles
from irp.accounts.testing import make_person
from irp.conversations import services
from irp.conversations.models import Preferences, Space

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = zoneinfo.ZoneInfo("Europe/London")


def digest_time():
    """A moment soon after now when a daily digest is due in London (07:00 or later)."""
    moment = timezone.now() + dt.timedelta(hours=1)
    local = moment.astimezone(LONDON)
    if local.hour < 7:
        moment = local.replace(hour=7, minute=30).astimezone(dt.UTC)
    return moment


def test_guidelines_thread_reply_digest_and_one_click_unsubscribe(
    live_server, browser, sign_in_in_browser, assert_accessible, delivered
):
    call_command("createcachetable", verbosity=0)
    sam = make_person(email="sam@example.org", display_name="Sam Rivers")
    ada = make_person(email="ada@example.org", display_name="Ada Okafor")
    guide = make_person(email="guide@example.org", display_name="Robin Guide",
                        role=roles.FACILITATORS, with_mfa=True)  # fmt: skip
    space = services.create_space(
        name="Thursday circle", kind=Space.Kind.INVITATION, description="A small circle.",
        invited=[sam, ada], facilitators=[guide],
    )  # fmt: skip
    services.set_preferences(person=sam, digest="daily", on_erasure="keep")

    # Sam: the spaces, the space, the guidelines, then a thread (an empty one first).
    page = browser.new_page()
    sign_in_in_browser(page, live_server, sam, next_url="/conversations/")
    assert_accessible(page)
    page.get_by_role("link", name="Thursday circle").click()
    assert_accessible(page)
    page.get_by_role("link", name="Start a thread").click()
    page.wait_for_url("**/guidelines/**")
    assert_accessible(page)
    page.get_by_role("button", name="I accept these guidelines").click()
    page.wait_for_url(f"**/conversations/{space.pk}/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Post the thread").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Title").fill("What helps you listen?")
    page.get_by_label("Your post").fill("When I stop looking for the problem, I *listen*.")
    page.get_by_role("button", name="Post the thread").click()
    page.get_by_text("Your post is up.").wait_for()
    assert page.locator(".talk-body em").inner_text() == "listen"
    assert_accessible(page)
    thread_url = page.url
    page.close()

    # Ada replies, after accepting the guidelines from the thread page.
    page = browser.new_page()
    sign_in_in_browser(page, live_server, ada, next_url="/conversations/")
    page.goto(thread_url)
    page.get_by_role("link", name="read and accept this space's guidelines").click()
    page.get_by_role("button", name="I accept these guidelines").click()
    page.wait_for_url(thread_url)
    page.get_by_label("Your post").fill("Silence helps me, @SamRivers.")
    page.get_by_role("button", name="Post the reply").click()
    page.get_by_text("Your post is up.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Quote post 1").click()
    assert "> **Sam Rivers** wrote:" in page.get_by_label("Your post").input_value()
    assert_accessible(page)
    page.goto(thread_url)
    page.get_by_role("link", name="Report post 1").click()
    assert_accessible(page)
    page.get_by_label("What worries you about this post?").fill("Just checking it is kind.")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_text("A facilitator will look at this post").wait_for()
    page.goto(f"{live_server.url}/conversations/{space.pk}/search/?q=silence")
    page.get_by_role("heading", name="Posts matching “silence”").wait_for()
    assert_accessible(page)
    page.goto(f"{live_server.url}/conversations/settings/")
    assert_accessible(page)
    page.close()

    # The facilitator's screens: the queue, hiding, muting, moving.
    page = browser.new_page()
    sign_in_in_browser(page, live_server, guide, next_url="/conversations/moderation/")
    page.get_by_text("Just checking it is kind.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Hide it, with a reason").first.click()
    page.get_by_role("button", name="Hide the post").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.goto(thread_url)
    assert_accessible(page)
    page.get_by_role("link", name="Mute its author (post 2)").click()
    assert_accessible(page)
    page.goto(thread_url)
    page.get_by_role("link", name="Move the thread to another space").click()
    assert_accessible(page)
    page.close()

    # The worker's digest run: Sam's digest carries Ada's reply and the mention.
    delivered().clear()
    assert services.send_due_digests(now=digest_time()) >= 1
    digest = next(m for m in delivered() if m.to == ["sam@example.org"])
    assert "Silence helps me, @SamRivers." in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    path = "/conversations/" + link.split("/conversations/", 1)[1]

    # A mail client's one-click POST (RFC 8058): no cookies, no form token.
    page = browser.new_page()
    answer = page.request.post(live_server.url + path, form={"List-Unsubscribe": "One-Click"})
    assert answer.status == 200
    assert Preferences.objects.get(person=sam).digest == Preferences.Digest.OFF
    # The same link opened in a browser asks once, then confirms.
    page.goto(live_server.url + path)
    assert_accessible(page)
    page.get_by_role("button", name="Stop the digests").click()
    page.get_by_text("You will receive no more conversation digests").wait_for()
    assert_accessible(page)
    page.close()
