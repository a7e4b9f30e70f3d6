"""No page asks another company for anything: not the public site, not the admin.

Every request Chromium makes, images and fonts included, goes to the site's own host,
so a visitor's or a staff member's address is never handed to a third party.
"""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/contact/", "/live/", "/accounts/signup/", "/accounts/login/"]
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/users/", "/admin/account/"]


def test_every_request_from_public_pages_and_the_admin_stays_on_the_site(
    live_server, page, staff_member, sign_in_in_browser
):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    own = urlsplit(live_server.url).netloc
    elsewhere = []

    def note(request):
        address = urlsplit(request.url)
        # data: and blob: URLs never leave the browser.
        if address.scheme in ("http", "https", "ws", "wss") and address.netloc != own:
            elsewhere.append(request.url)

    page.on("request", note)
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
    sign_in_in_browser(page, live_server, staff_member, next_url="/admin/")
    for path in ADMIN_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # The dashboard shows the staff member's avatar: a picture of our own.
    page.goto(live_server.url + "/admin/")
    avatar = page.locator(".avatar img").first
    assert urlsplit(avatar.get_attribute("src")).netloc in ("", own)
    assert elsewhere == []
