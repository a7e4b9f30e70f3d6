import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_opens_in_chromium_and_is_accessible(live_server, page, assert_accessible):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    page.goto(live_server.url + "/")
    # The home page opens by saying what this is and for whom.
    assert page.locator("h1").inner_text() == (
        "A model of health for professionals in addiction and recovery"
    )
    assert_accessible(page)
