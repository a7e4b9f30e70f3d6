"""The admins run under their own Content-Security-Policy: the dashboard, the page
editor (with its preview) and the enquiries inbox raise no violation in Chromium."""

import io

import pytest

from irp.enquiries.tests.factories import EnquiryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


def test_the_admin_raises_no_content_security_policy_violation(
    live_server, page, people, sign_in_in_browser
):
    from irp.pages.demo import load as load_pages
    from irp.pages.models import HomePage

    load_pages(stdout=io.StringIO())
    home = HomePage.objects.get()
    enquiry = EnquiryFactory(name="Sam Rivers")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(COLLECT)
    sign_in_in_browser(page, live_server, people["staff"], next_url="/admin/")

    for url in (
        "/admin/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/enquiries/",
        f"/admin/enquiries/inspect/{enquiry.pk}/",
        "/django-admin/",
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "object-src 'none'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], url
    assert not [text for text in console if "Content Security Policy" in text], console
