"""Every account page in our words and our design: sentence case, labels without colons,
hints under labels, the contact form's error summary, one name for two-step sign-in."""

import re

import pytest

from irp.accounts.testing import PASSWORD, make_person, sign_in

pytestmark = pytest.mark.django_db

ANYONE = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN = [
    "/accounts/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/your-data/",
    "/accounts/erase/",
    "/accounts/logout/",
]
# allauth's own words we no longer show.
NOT_OURS = [
    "Sign In",
    "Sign Up",
    "Two-Factor",
    "Security Key",
    "This field is required.",
    "---------",
    "Remember Me",
    "Forgot Password",
]


def labels(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    ]


def get_past_reauthentication(client, url):
    """Some pages ask for the password again first; that page is in our words too."""
    response = client.get(url)
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        asking = client.get(response["Location"])
        check(asking.content.decode(), response["Location"])
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get(url)
    return response


def check(html: str, url: str) -> None:
    main = html[html.index("<main") :]
    for words in NOT_OURS:
        assert words not in main, (url, words)
    for label in labels(main):
        assert not label.endswith(":"), (url, label)


def test_pages_for_anyone_use_our_words(client):
    for url in ANYONE:
        response = client.get(url)
        assert response.status_code == 200, url
        check(response.content.decode(), url)


def test_pages_for_a_signed_in_person_use_our_words(client):
    # Signed in through the form: pages that ask for the password again let them in.
    sign_in(client, make_person(email="pat@example.org"))
    for url in SIGNED_IN:
        response = get_past_reauthentication(client, url)
        assert response.status_code == 200, url
        check(response.content.decode(), url)


def test_sign_up_says_what_an_account_gives_and_links_the_privacy_notice(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "What an account gives you" in html
    assert 'href="/privacy/"' in html
    # The hint sits under its label, before the input it describes.
    assert (
        html.index(">Password</label>")
        < html.index("At least 8 characters")
        < html.index('id="id_password1"')
    )


def test_a_mistake_gets_the_contact_forms_error_summary_and_says_what_to_do(client):
    html = client.post("/accounts/login/", {"login": "", "password": ""}).content.decode()
    assert 'class="error-summary" role="alert" tabindex="-1"' in html
    assert "There is a problem" in html
    assert '<a href="#id_login">Enter your email address.</a>' in html
    assert '<a href="#id_password">Enter your password.</a>' in html
    assert "This field is required." not in html


def test_a_wrong_password_is_refused_in_our_words_keeping_the_address(client):
    make_person(email="pat@example.org")
    html = client.post(
        "/accounts/login/", {"login": "pat@example.org", "password": "not-it-at-all"}
    ).content.decode()
    assert "That email address and password are not correct." in html
    assert 'value="pat@example.org"' in html


def test_the_profile_has_no_dashes_and_offers_the_current_time_zone(client):
    client.force_login(make_person(email="pat@example.org"))
    html = client.get("/accounts/profile/").content.decode()
    assert "---------" not in html
    assert '<option value="" selected>I would rather not say</option>' in html
    button = re.search(r"<button[^>]*data-use-time-zone=\"id_time_zone\"[^>]*>([^<]*)<", html)
    assert button and button.group(1) == "Use my current time zone"
    assert "accounts/js/time-zone.js" in html


def test_erasing_is_a_destructive_button_and_two_step_sign_in_has_one_name(client):
    sign_in(client, make_person(email="pat@example.org"))
    erase = get_past_reauthentication(client, "/accounts/erase/").content.decode()
    assert '<button class="button button--danger" type="submit">Erase my account</button>' in erase
    data = client.get("/accounts/your-data/").content.decode()
    assert "button--danger" in data
    for url in ["/accounts/2fa/", "/accounts/profile/"]:
        html = client.get(url).content.decode()
        assert "Two-step sign-in" in html
        assert "two-factor" not in html.lower()
