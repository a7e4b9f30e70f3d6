"""The public site in Chromium: keyboard journeys, accessibility in both colour
schemes, and a staff editor publishing a change that visitors see at once."""

import io
from pathlib import Path

import pyotp
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from irp.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF_EMAIL
from irp.accounts.testing import enter_code_in_browser
from irp.pages.models import StandardPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROFESSIONALS = "/who-is-this-for/professionals-addiction/"
PUBLIC_PAGES = [
    "/",
    "/who-is-this-for/",
    PROFESSIONALS,
    "/how-to-get-involved/",
    "/about/",
    "/privacy/",
    "/articles/",
    "/articles/?category=professionals",
    "/articles/beyond-the-expert/",
    "/no-such-page/",  # the 404 page
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def demo_site(live_server):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    return live_server


def focused(page) -> dict:
    return page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href') || '',"
        " cls: document.activeElement.className})"
    )


def tab_to(page, text: str, limit: int = 60) -> dict:
    """Press Tab until the focused element reads `text`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["text"] == text:
            return element
    raise AssertionError(f"{text!r} was not reachable with Tab")


def test_a_visitor_reaches_the_professionals_page_and_its_invitation_by_keyboard(demo_site, page):
    page.goto(demo_site.url + "/")
    assert tab_to(page, "Skip to main content")["href"] == "#main"
    tab_to(page, "Who is this for")
    page.keyboard.press("Enter")
    page.wait_for_url("**/who-is-this-for/")
    tab_to(page, "Professionals in addiction")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{PROFESSIONALS}")
    expect(page.locator("h1")).to_have_text(
        "A new approach to mental health and addiction treatment: a model of health"
    )
    # Past the header's own "Get in touch" link: skip to the content, as keyboard users do.
    tab_to(page, "Skip to main content")
    page.keyboard.press("Enter")
    invitation = tab_to(page, "Get in touch")
    assert invitation["href"] == "/contact/"
    assert invitation["cls"] == "button"
    # The focus ring is visible: an outline, not just a colour change.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_public_page_is_accessible_in_both_colour_schemes(
    demo_site, page, assert_accessible, scheme
):
    page.emulate_media(color_scheme=scheme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in PUBLIC_PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(demo_site.url + path)
        assert_accessible(page)
        name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
        page.screenshot(path=SCREENSHOTS / f"{name}-{scheme}-desktop.png", full_page=True)
        # 320 px wide (also what 200% zoom on a 640 px window looks like): nothing scrolls sideways.
        page.set_viewport_size({"width": 320, "height": 640})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, path
        assert_accessible(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{scheme}-320.png", full_page=True)


def test_public_pages_load_nothing_from_other_hosts_and_break_no_policy(demo_site, page):
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    for path in PUBLIC_PAGES[:-1]:
        page.goto(demo_site.url + path)
    assert all(url.startswith(demo_site.url) for url in requests)
    assert problems == []


def sign_in_as_demo_staff(page, site) -> None:
    """The demo staff member signs in as `irp demo` says: password, then an authenticator code."""
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    enter_code_in_browser(page, pyotp.TOTP(DEMO_TOTP_SECRET).now)
    page.wait_for_url(site.url + "/reflect/")


def test_a_staff_editor_changes_a_heading_and_visitors_see_it_at_once(demo_site, page, browser):
    old_heading = "Why traditional approaches do not bring lasting change"
    new_heading = "Why the usual approaches rarely bring lasting change"
    visitor = browser.new_page()
    visitor.goto(demo_site.url + PROFESSIONALS)  # an anonymous view, now cached
    expect(visitor.get_by_role("heading", name=old_heading)).to_be_visible()

    sign_in_as_demo_staff(page, demo_site)
    professionals = StandardPage.objects.get(slug="professionals-addiction")
    page.goto(f"{demo_site.url}/admin/pages/{professionals.pk}/edit/")
    expect(page.get_by_role("heading", name="Professionals in addiction")).to_be_visible()
    index = page.locator("input").evaluate_all(
        f"inputs => inputs.findIndex(input => input.value === {old_heading!r})"
    )
    assert index >= 0
    page.locator("input").nth(index).fill(new_heading)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("'Professionals in addiction' has been published")).to_be_visible()

    visitor.reload()
    expect(visitor.get_by_role("heading", name=new_heading)).to_be_visible()
    expect(visitor.get_by_role("heading", name=old_heading)).to_have_count(0)
    visitor.close()


def test_a_staff_editor_reverts_to_an_earlier_revision_and_visitors_see_it_at_once(
    demo_site, page, browser
):
    professionals = StandardPage.objects.get(slug="professionals-addiction")
    original_heading = professionals.heading
    earlier = professionals.latest_revision
    professionals.heading = "Professionals in addiction and recovery"
    professionals.save_revision().publish()
    visitor = browser.new_page()
    visitor.goto(demo_site.url + PROFESSIONALS)  # an anonymous view, now cached
    expect(visitor.get_by_role("heading", level=1)).to_have_text(professionals.heading)

    sign_in_as_demo_staff(page, demo_site)
    # What an editor reaches from the page's history: the earlier revision, to revert to.
    revert = f"/admin/pages/{professionals.pk}/revisions/{earlier.pk}/revert/"
    page.goto(demo_site.url + revert)
    expect(page.get_by_text("You are viewing a previous version of this page")).to_be_visible()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_text("has been published")).to_be_visible()

    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(original_heading)
    visitor.close()
