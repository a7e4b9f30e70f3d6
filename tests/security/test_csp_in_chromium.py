"""Chromium reports no Content Security Policy violation on any public or practitioner
page: every page of the demo site, the public forms, and everything a signed-in
practitioner can open, with scripts running as they would for a person."""

import contextlib
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from wagtail.models import Page

from irp.accounts.testing import make_person
from irp.live_discussions.models import LiveSession
from irp.live_discussions.tests.factories import PlaceFactory
from irp.reflections.models import Prompt
from irp.reflections.tests.factories import ReflectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page: every violation the browser reports is kept.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || "?"}:${event.lineNumber})`);
});
"""
PUBLIC_FORMS = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/live/",
    "/no-such-page/",
]
PRACTITIONER_PAGES = [
    "/reflect/",
    "/reflect/journal/",
    "/reflect/journal/?by=prompt",
    "/reflect/write/",
    "/reflect/search/",
    "/live/mine/",
    "/live/calendar/",
    "/cpd/",
    "/cpd/activities/new/",
    "/cpd/accounts/",
    "/cpd/accounts/new/",
    "/cpd/summary/",
    "/cpd/exports/",
    "/cpd/certificates/",
    "/accounts/profile/",
    "/accounts/your-data/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/webauthn/",
    "/accounts/erase/",
    "/accounts/logout/",
]


def walk(page, base_url: str, paths: list[str]) -> dict[str, list[str]]:
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    found = {}
    for path in paths:
        console.clear()
        page.goto(base_url + path, wait_until="networkidle")
        violations = page.evaluate("() => window.__cspViolations") + list(console)
        if violations:
            found[path] = violations
    return found


def test_no_page_a_visitor_or_practitioner_opens_breaks_the_content_security_policy(
    live_server, page, sign_in_in_browser
):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    practitioner = make_person(email="walker@example.org", display_name="Walker")
    entry = ReflectionFactory(author=practitioner, prompt=Prompt.objects.first(), body="Mine.")
    session = LiveSession.objects.filter(status="published").first()
    PlaceFactory(session=session, person=practitioner)
    pages = [p.specific.url for p in Page.objects.live().public().filter(depth__gt=1)]
    public = sorted({*pages, *PUBLIC_FORMS, session.get_absolute_url()})
    mine = [
        *PRACTITIONER_PAGES,
        f"/reflect/prompts/{entry.prompt_id}/",
        f"/reflect/entries/{entry.pk}/",
        f"/reflect/entries/{entry.pk}/edit/",
        f"/reflect/entries/{entry.pk}/delete/",
        session.get_absolute_url(),
    ]
    page.add_init_script(RECORD_VIOLATIONS)

    found = walk(page, live_server.url, public)
    sign_in_in_browser(page, live_server, practitioner, next_url="/reflect/")
    found |= walk(page, live_server.url, mine)

    assert len(public) > 10  # the walk did cover the site
    assert not found, found
    # And the recorder does hear a violation: an inline script is refused and reported.
    page.goto(live_server.url + "/")
    with contextlib.suppress(PlaywrightError):
        page.add_script_tag(content="window.ranInline = true")
    assert page.evaluate("() => window.ranInline") is None
    assert page.evaluate("() => window.__cspViolations.length") >= 1
