"""Every journal URL for every role with the exact status, then the writing flows."""

import datetime
import logging

import pytest
from django.utils import timezone

from irp.accounts.roles import sees_other_peoples_data
from irp.accounts.testing import sign_in_with_two_steps
from irp.reflections.models import Draft, Reflection
from irp.reflections.tests.factories import PromptFactory, ReflectionFactory

ROLES = ["anonymous", "practitioner_a", "practitioner_b", "facilitator", "staff"]
OTHERS = ["practitioner_b", "facilitator", "staff"]


@pytest.fixture
def journal(people):
    prompt = PromptFactory(text="Do you truly see your well-being?")
    entry = ReflectionFactory(author=people["practitioner_a"], prompt=prompt, body="My own words.")
    return {"prompt": prompt, "entry": entry}


def as_person(client, person):
    # Facilitators and staff see other people's data, so they sign in with two steps.
    if sees_other_peoples_data(person):
        sign_in_with_two_steps(client, person)
    else:
        client.force_login(person)


def _matrix(journal):
    entry, prompt = journal["entry"].pk, journal["prompt"].pk
    # (method, url, data, anonymous, author A, anyone else signed in)
    return [
        ("get", "/reflect/", None, 302, 200, 200),
        ("get", "/reflect/journal/", None, 302, 200, 200),
        ("get", "/reflect/journal/?by=prompt", None, 302, 200, 200),
        ("get", "/reflect/write/", None, 302, 200, 200),
        ("get", "/reflect/search/", None, 302, 200, 200),
        ("post", "/reflect/search/", {"q": "words"}, 302, 200, 200),
        ("get", f"/reflect/prompts/{prompt}/", None, 302, 200, 200),
        ("get", "/reflect/prompts/999999/", None, 302, 404, 404),
        ("get", f"/reflect/entries/{entry}/", None, 302, 200, 404),
        ("get", f"/reflect/entries/{entry}/edit/", None, 302, 200, 404),
        ("get", f"/reflect/entries/{entry}/delete/", None, 302, 200, 404),
        ("post", f"/reflect/entries/{entry}/edit/", {"body": "Changed."}, 302, 302, 404),
        ("post", "/reflect/draft/", {"place": f"entry:{entry}", "body": "x"}, 302, 204, 404),
        ("post", "/reflect/draft/", {"place": "elsewhere", "body": "x"}, 302, 400, 400),
        ("get", "/reflect/draft/", None, 302, 405, 405),
        ("post", f"/reflect/entries/{entry}/delete/", {}, 302, 302, 404),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", range(16))
def test_journal_authorisation_matrix(client, people, journal, role, row):
    method, url, data, anonymous, author, other = _matrix(journal)[row]
    if role != "anonymous":
        as_person(client, people[role])
    expected = {"anonymous": anonymous, "practitioner_a": author}.get(role, other)
    response = (
        getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    )
    assert response.status_code == expected, (role, method, url)
    # Nobody but the author ever changes or removes the entry.
    still_there = Reflection.objects.filter(pk=journal["entry"].pk).exists()
    if role != "practitioner_a":
        assert still_there
        assert Reflection.objects.get(pk=journal["entry"].pk).body == "My own words."


def test_nobody_else_sees_the_text_anywhere(client, people, journal):
    for role in OTHERS:
        as_person(client, people[role])
        for url in (
            "/reflect/",
            "/reflect/journal/",
            f"/reflect/prompts/{journal['prompt'].pk}/",
        ):
            assert "My own words." not in client.get(url).content.decode(), (role, url)
        found = client.post("/reflect/search/", {"q": "own"}).content.decode()
        assert "My own words." not in found, role


def test_writing_to_a_prompt_then_again_shows_then_and_now(client, people, journal):
    person = people["practitioner_a"]
    client.force_login(person)
    url = f"/reflect/prompts/{journal['prompt'].pk}/"
    response = client.post(url, {"body": "Today I see it differently."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "What you wrote before" in page
    assert "My own words." in page and "Today I see it differently." in page
    assert "2 times" in page


def test_an_empty_reflection_is_refused_kindly(client, people, journal):
    client.force_login(people["practitioner_a"])
    response = client.post("/reflect/write/", {"body": "   "})
    assert response.status_code == 200
    assert "There is nothing written yet." in response.content.decode()
    assert Reflection.objects.count() == 1


def test_a_draft_is_kept_encrypted_and_offered_again_then_cleared_on_save(client, people):
    client.force_login(people["practitioner_a"])
    assert (
        client.post("/reflect/draft/", {"place": "free", "body": "half a thought"}).status_code
        == 204
    )
    draft = Draft.objects.get()
    assert "half a thought" not in draft.body_encrypted
    page = client.get("/reflect/write/").content.decode()
    assert "half a thought" in page and "We kept what you were writing" in page
    client.post("/reflect/write/", {"body": "half a thought, finished"})
    assert not Draft.objects.exists()


def test_edit_and_delete_for_good(client, people, journal):
    client.force_login(people["practitioner_a"])
    entry = journal["entry"]
    client.post(f"/reflect/entries/{entry.pk}/edit/", {"body": "Rewritten."})
    entry.refresh_from_db()
    assert entry.body == "Rewritten."
    client.post(f"/reflect/entries/{entry.pk}/delete/")
    assert not Reflection.objects.filter(pk=entry.pk).exists()


def test_deleting_an_entry_for_good_takes_its_unsaved_edit_with_it(client, people, journal):
    client.force_login(people["practitioner_a"])
    entry = journal["entry"]
    place = f"entry:{entry.pk}"
    response = client.post("/reflect/draft/", {"place": place, "body": "A second thought."})
    assert response.status_code == 204
    # Another person's draft is theirs to keep.
    other = ReflectionFactory(author=people["practitioner_b"], body="Ben's words.")
    client.force_login(people["practitioner_b"])
    client.post("/reflect/draft/", {"place": f"entry:{other.pk}", "body": "Ben's edit."})
    client.force_login(people["practitioner_a"])
    assert Draft.objects.filter(author=people["practitioner_a"], place=place).exists()

    client.post(f"/reflect/entries/{entry.pk}/delete/")

    assert not Draft.objects.filter(author=people["practitioner_a"]).exists()
    assert Draft.objects.filter(author=people["practitioner_b"]).count() == 1
    # The draft cannot come back for an entry that is gone.
    response = client.post("/reflect/draft/", {"place": place, "body": "Again."})
    assert response.status_code == 404
    assert not Draft.objects.filter(author=people["practitioner_a"]).exists()


def test_search_finds_only_your_own_entries(client, people, journal):
    ReflectionFactory(author=people["practitioner_b"], body="My own words, from Ben.")
    ReflectionFactory(author=people["practitioner_a"], body="Something unrelated.")
    client.force_login(people["practitioner_a"])
    page = client.post("/reflect/search/", {"q": "OWN words"}).content.decode()
    assert "1 reflection containing" in page
    assert "from Ben" not in page and "unrelated" not in page


def test_search_words_stay_out_of_urls_and_logs(client, people, journal, caplog):
    client.force_login(people["practitioner_a"])
    form = client.get("/reflect/search/?q=own").content.decode()
    # A query string is ignored: the words only ever travel in a POST body.
    assert 'method="post" role="search"' in form and "containing" not in form
    caplog.set_level(logging.DEBUG)  # every logger, Django's request and server logs too
    response = client.post("/reflect/search/", {"q": "own words"})
    assert response.status_code == 200 and "My own words." in response.content.decode()
    assert response.wsgi_request.get_full_path() == "/reflect/search/"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "own words" not in logged and "My own words." not in logged


@pytest.mark.parametrize("count", [3, 45])
def test_journal_pages_use_a_fixed_number_of_queries(
    client, people, journal, count, django_assert_num_queries
):
    person = people["practitioner_a"]
    start = timezone.now() - datetime.timedelta(days=count)
    for n in range(count):
        ReflectionFactory(
            author=person,
            prompt=journal["prompt"] if n % 2 else None,
            written_at=start + datetime.timedelta(days=n),
        )
    client.force_login(person)
    # Warms the session, and the site frame: the menu is then kept until the public pages
    # change; Wagtail finds the site once per request (one query).
    client.get("/reflect/")
    for url, queries in (
        # session, user, roles (for the two-step rule), site, count, one page of rows
        ("/reflect/journal/", 6),
        ("/reflect/journal/?page=2", 6),
        ("/reflect/journal/?by=prompt", 6),
        (f"/reflect/prompts/{journal['prompt'].pk}/", 9),
        ("/reflect/", 9),
    ):
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "place",
    [
        "prompt:²",  # a digit to str.isdigit(), not to int()
        "entry:٣",
        "prompt:",
        "prompt:0",
        "prompt:-1",
        "prompt:99999999999999999999",  # beyond a bigint
        "prompt:" + "1" * 34,  # 41 characters: longer than the column
        "x" * 41,
        "free ",
        "",
    ],
)
def test_a_malformed_draft_place_is_a_clear_400(client, people, place):
    client.force_login(people["practitioner_a"])
    response = client.post("/reflect/draft/", {"place": place, "body": "Half a thought."})
    assert response.status_code == 400
    assert "does not belong to a prompt" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_draft_for_a_prompt_that_does_not_exist_is_a_404(client, people):
    client.force_login(people["practitioner_a"])
    response = client.post("/reflect/draft/", {"place": "prompt:999999", "body": "x"})
    assert response.status_code == 404
