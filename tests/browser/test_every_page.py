"""Every public, account and practitioner page, as people see them: at 1280 and 360 px,
in light and dark, with axe finding nothing, nothing scrolling sideways on a phone, and
no request leaving our own host. Then the staff screens, with axe.

Screenshots are kept as artefacts of the run, in test-artifacts/pages/ (or under
$IRP_ARTEFACTS), one per page, width and colour scheme; the folder is printed.
One Chromium, one tab per person, each signed in once: the whole walk takes about as
long as the pages take to check.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from irp.accounts.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    FACILITATOR_EMAIL,
    PRACTITIONER_EMAIL,
    STAFF_EMAIL,
)
from irp.accounts.models import User
from irp.accounts.testing import enter_code_in_browser
from irp.conversations import services as conversation_services
from irp.conversations.models import Post, Space
from irp.cpd.models import Activity, Certificate, ReflectiveAccount
from irp.live_discussions.models import LiveSession
from irp.pages.models import HomePage, StandardPage
from irp.programmes.models import Cohort, StepPage
from irp.reflections.models import Prompt

from .conftest import SETTLED, WCAG_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("IRP_ARTEFACTS") or ROOT / "test-artifacts") / "pages"
WIDTHS = (1280, 360)
SCHEMES = ("light", "dark")

PUBLIC = [
    "/",
    "/who-is-this-for/",
    "/who-is-this-for/professionals-addiction/",
    "/how-to-get-involved/",
    "/about/",
    "/privacy/",
    "/articles/",
    "/articles/beyond-the-expert/",
    "/contact/",
    "/live/",
    "/live/{session}/",
    "/no-such-page/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/programmes/",
    "/programmes/this-begins-with-you/",
    "/cpd/verify/{certificate}/",
]
PRACTITIONER = [
    "/reflect/",
    "/reflect/write/",
    "/reflect/journal/",
    "/reflect/prompts/{prompt}/",
    "/live/{session}/",
    "/live/mine/",
    "/live/calendar/",
    "/accounts/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/your-data/",
    "/accounts/erase/",
    "/accounts/logout/",
    "/programmes/mine/",
    "/programmes/mine/{cohort}/",
    "/programmes/mine/{cohort}/steps/{step}/",
    "/programmes/mine/{cohort}/pause/",
    "/programmes/mine/{cohort}/leave/",
    "/programmes/apply/{upcoming}/",
    "/conversations/",
    "/conversations/settings/",
    "/conversations/{space}/",
    "/conversations/{space}/guidelines/",
    "/conversations/{space}/new/",
    "/conversations/{space}/search/?q=notice",
    "/conversations/threads/{thread}/",
    "/conversations/threads/{thread}/reply/",
    "/conversations/posts/{opening}/report/",
    "/conversations/posts/{own_post}/remove/",
    "/cpd/",
    "/cpd/activities/new/",
    "/cpd/activities/{activity}/",
    "/cpd/activities/{activity}/delete/",
    "/cpd/accounts/",
    "/cpd/accounts/new/",
    "/cpd/accounts/{account}/",
    "/cpd/summary/",
    "/cpd/exports/",
    "/cpd/certificates/",
]
FACILITATOR = [
    "/live/facilitate/",
    "/live/facilitate/{session}/",
    "/programmes/cohorts/{cohort}/",
    "/conversations/moderation/",
    "/conversations/threads/{thread}/",
    "/conversations/threads/{thread}/move/",
    "/conversations/posts/{member_post}/hide/",
    "/conversations/posts/{member_post}/mute/",
]
# One question and a button, built from the same parts as the pages around them: the
# phone width (where layouts break) in both schemes is enough, and keeps the walk short.
NARROW = {
    "/programmes/mine/{cohort}/pause/",
    "/programmes/mine/{cohort}/leave/",
    "/conversations/{space}/guidelines/",
    "/conversations/{space}/search/?q=notice",
    "/conversations/threads/{thread}/reply/",
    "/conversations/posts/{opening}/report/",
    "/conversations/posts/{own_post}/remove/",
    "/conversations/threads/{thread}/move/",
    "/conversations/posts/{member_post}/mute/",
    "/cpd/activities/{activity}/delete/",
}
# Forms sent empty, to see each answer a mistake: (who, path, button).
ERRORS = [
    ("practitioner", "/programmes/apply/{upcoming}/", "Send my application"),
    ("practitioner", "/conversations/{space}/new/", "Post the thread"),
    ("practitioner", "/cpd/activities/new/", "Save activity"),
    ("facilitator", "/conversations/posts/{member_post}/hide/", "Hide the post"),
]
STAFF = [
    "/admin/",
    "/admin/live_sessions/",
    "/admin/live_sessions/new/",
    "/admin/live_sessions/edit/{session}/",
    "/admin/pages/{professionals}/edit/",
    "/admin/pages/{home}/edit/",
    "/admin/enquiries/",
    "/admin/settings/pages/organisationsettings/",
    "/admin/programmes/cohorts/",
    "/admin/programmes/cohorts/applications/",
    "/admin/programmes/cohorts/{cohort}/people/",
]


def violations(axe, page) -> list[str]:
    """Every WCAG 2.2 AA violation axe finds, whatever its impact."""
    page.evaluate(SETTLED)
    found = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in found.response["violations"]
    ]


class Walk:
    """Visits pages in one tab and records what is wrong, to report all at once."""

    def __init__(self, site, axe, folder: Path):
        self.site, self.axe, self.folder = site, axe, folder
        self.problems: list[str] = []
        self.shots = 0

    def note(self, problem: str) -> None:
        print(problem)
        self.problems.append(problem)

    def check(self, page, name: str, *, widths=WIDTHS, schemes=SCHEMES) -> None:
        for scheme in schemes:
            page.emulate_media(color_scheme=scheme)
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                if width < 640:
                    scroll = page.evaluate("() => document.documentElement.scrollWidth")
                    if scroll > width:
                        self.note(f"{name} scrolls sideways at {width} px ({scroll})")
                for problem in violations(self.axe, page):
                    self.note(f"{name} {width} px {scheme}: {problem}")
                page.screenshot(path=self.folder / f"{name}-{width}-{scheme}.png", full_page=True)
                self.shots += 1

    def visit(self, page, path: str, who: str, **kwargs) -> None:
        response = page.goto(self.site.url + path)
        expected = 404 if "no-such-page" in path else 200
        if response is None or response.status != expected:
            status = response.status if response else "no answer"
            self.note(f"{who} {path}: {status}, expected {expected}")
            return
        if "/reauthenticate/" in page.url:
            # Erasing and adding a way to sign in ask for the password again first.
            self.check(page, f"{who}-reauthenticate")
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Confirm").click()
            page.wait_for_url(f"**{path}")
        # A settings screen moves on to its own record's address: still the same screen.
        if not urlsplit(page.url).path.startswith(urlsplit(self.site.url + path).path):
            self.note(f"{who} {path}: sent on to {page.url}")
            return
        name = f"{who}-" + (urlsplit(path).path.strip("/").replace("/", "_") or "home")
        self.check(page, name, **kwargs)


def sign_in(page, site, email: str, *, with_code: bool = False) -> None:
    page.goto(site.url + "/accounts/login/?next=/accounts/profile/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if with_code:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        enter_code_in_browser(page, pyotp.TOTP(DEMO_TOTP_SECRET).now)
    page.wait_for_url("**/accounts/profile/")


@pytest.fixture
def demo(live_server):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    return live_server


@pytest.fixture
def folder():
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nScreenshots: {ARTEFACTS}")
    return ARTEFACTS


def the_ids() -> dict[str, int]:
    session = (
        LiveSession.objects.filter(
            status=LiveSession.Status.PUBLISHED,
            starts_at__gt=timezone.now(),
            facilitators__email=FACILITATOR_EMAIL,
        )
        .order_by("starts_at")
        .first()
    )
    cohort = Cohort.objects.get(title="Autumn cohort")
    thread = Post.objects.get(
        number=1, thread__title="What did you notice in the first step?"
    ).thread
    posts = {post.author.email: post.pk for post in thread.posts.exclude(number=1)}
    return {
        "activity": Activity.objects.filter(person__email=PRACTITIONER_EMAIL).first().pk,
        "account": ReflectiveAccount.objects.filter(person__email=PRACTITIONER_EMAIL).first().pk,
        "certificate": Certificate.objects.first().code,
        "cohort": cohort.pk,
        "upcoming": Cohort.objects.get(title="Next cohort").pk,
        "step": StepPage.objects.live().order_by("path").first().pk,
        "space": Space.objects.get(cohort_id=cohort.pk).pk,
        "thread": thread.pk,
        "opening": thread.posts.get(number=1).pk,
        "own_post": posts[PRACTITIONER_EMAIL],
        "member_post": posts["jamie@demo.infiniterecovery.example"],
        "session": session.pk,
        "prompt": Prompt.objects.order_by("pk").first().pk,
        "professionals": StandardPage.objects.get(slug="professionals-addiction").pk,
        "home": HomePage.objects.get().pk,
    }


def report_a_post(post_id: int) -> None:
    """A member's report, so the facilitator's queue shows its actions."""
    conversation_services.report_post(
        post=Post.objects.get(pk=post_id),
        person=User.objects.get(email=PRACTITIONER_EMAIL),
        reason="Just checking this is kind.",
    )


def test_every_page_reads_well_at_two_widths_in_both_schemes_and_stays_on_our_host(
    demo, browser, axe, folder
):
    ids = the_ids()
    report_a_post(ids["member_post"])
    walk = Walk(demo, axe, folder)
    own = urlsplit(demo.url).netloc
    elsewhere = []

    def tab(**options):
        page = browser.new_context(**options).new_page()
        page.on(
            "request",
            lambda request: (
                urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
                and urlsplit(request.url).netloc != own
                and elsewhere.append(request.url)
            ),
        )
        return page

    visitor = tab()
    for path in PUBLIC:
        walk.visit(visitor, path.format(**ids), "visitor")
    # Forms as they answer a mistake: the error summary, marked fields, nothing lost.
    for path, button in [("/accounts/login/", "Sign in"), ("/accounts/signup/", "Sign up")]:
        visitor.goto(demo.url + path)
        visitor.get_by_role("button", name=button, exact=True).click()
        visitor.wait_for_selector(".error-summary")
        walk.check(visitor, "visitor-" + path.strip("/").replace("/", "_") + "-errors")

    # On a phone, without JavaScript: the header is one row, and its menu button opens.
    phone = tab(java_script_enabled=False, viewport={"width": 320, "height": 640})
    phone.goto(demo.url + "/")
    live_link = phone.get_by_role("link", name="Live discussions", exact=True)
    expect(live_link).to_be_hidden()
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] < 100, header
    phone.get_by_text("Menu", exact=True).click()
    expect(live_link).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 320
    phone.context.close()

    practitioner = tab(timezone_id="America/New_York")
    sign_in(practitioner, demo, PRACTITIONER_EMAIL)
    for path in PRACTITIONER:
        widths = (360,) if path in NARROW else WIDTHS
        walk.visit(practitioner, path.format(**ids), "practitioner", widths=widths)
    practitioner.goto(demo.url + "/accounts/profile/")
    # The browser's own zone, one press away, and the person's choice to save.
    expect(practitioner.locator("#id_time_zone")).to_have_value("Europe/London")
    practitioner.get_by_role("button", name="Use my current time zone").click()
    expect(practitioner.locator("#id_time_zone")).to_have_value("America/New_York")
    expect(practitioner.get_by_text("Save your profile to keep it")).to_be_visible()
    practitioner.locator("#id_profession").select_option("other")
    practitioner.get_by_role("button", name="Save profile").click()
    practitioner.wait_for_selector(".error-summary")
    walk.check(practitioner, "practitioner-accounts_profile-errors")

    facilitator = tab()
    sign_in(facilitator, demo, FACILITATOR_EMAIL, with_code=True)
    for path in FACILITATOR:
        widths = (360,) if path in NARROW else WIDTHS
        walk.visit(facilitator, path.format(**ids), "facilitator", widths=widths)

    for who, path, button in ERRORS:
        page = practitioner if who == "practitioner" else facilitator
        path = path.format(**ids)
        page.goto(demo.url + path)
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_selector(".error-summary")
        walk.check(page, f"{who}-" + path.strip("/").replace("/", "_") + "-errors")

    print(f"{walk.shots} screenshots in {folder}")
    assert walk.problems == []
    assert elsewhere == []


def test_the_staff_screens_pass_axe(demo, browser, axe, folder):
    ids = the_ids()
    walk = Walk(demo, axe, folder)
    staff = browser.new_context().new_page()
    sign_in(staff, demo, STAFF_EMAIL, with_code=True)
    for path in STAFF:
        walk.visit(staff, path.format(**ids), "staff", widths=(1280,), schemes=("light",))
    assert walk.problems == []
