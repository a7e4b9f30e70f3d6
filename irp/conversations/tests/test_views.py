"""Every view for every kind of visitor, bad input through HTTP, and query counts that
do not grow with the data."""

import pytest
from django.test import Client

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.conversations import services
from irp.conversations.models import Post, Space
from irp.programmes.tests.factories import CohortFactory, EnrolmentFactory, make_programme

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "author",
    "cohort_member",
    "other_cohort_member",
    "open_room_only",
    "cohort_facilitator",
    "other_facilitator",
    "staff",
]


@pytest.fixture
def world(db):
    programme = make_programme(slug="begins-with-you")
    guide = make_person(email="guide@example.org", display_name="Robin Guide",
                        role=roles.FACILITATORS, with_mfa=True)  # fmt: skip
    other_guide = make_person(email="guide2@example.org", role=roles.FACILITATORS,
                              with_mfa=True)  # fmt: skip
    cohort = CohortFactory(programme=programme, facilitators=[guide])
    other_cohort = CohortFactory(programme=programme, facilitators=[other_guide])
    people = {
        "author": make_person(email="author@example.org", display_name="Sam Rivers"),
        "cohort_member": make_person(email="member@example.org", display_name="Ada Okafor"),
        "other_cohort_member": make_person(email="elsewhere@example.org"),
        "open_room_only": make_person(email="open@example.org"),
        "cohort_facilitator": guide,
        "other_facilitator": other_guide,
        "staff": make_person(
            email="staff@example.org", role=roles.STAFF_ADMINS, with_mfa=True, is_superuser=True
        ),
    }
    EnrolmentFactory(cohort=cohort, person=people["author"])
    EnrolmentFactory(cohort=cohort, person=people["cohort_member"])
    EnrolmentFactory(cohort=other_cohort, person=people["other_cohort_member"])
    space = Space.objects.get(cohort_id=cohort.pk)  # made when the cohort was
    services.accept_guidelines(space=space, person=people["author"])
    post = services.start_thread(space=space, person=people["author"], title="Listening first",
                                 body="What helps you listen?")  # fmt: skip
    return {"people": people, "space": space, "post": post, "thread": post.thread}


def client_for(role, world):
    client = Client(raise_request_exception=False)
    person = world["people"].get(role)
    if person is None:
        return client
    if roles.sees_other_peoples_data(person):
        sign_in_with_two_steps(client, person)
    else:
        client.force_login(person)
    return client


MEMBERS = {"author": 200, "cohort_member": 200, "cohort_facilitator": 200, "staff": 200}
OUTSIDERS = {"other_cohort_member": 404, "open_room_only": 404, "other_facilitator": 404}
MODERATORS = {"cohort_facilitator": 200, "staff": 200, "author": 404, "cohort_member": 404}

# path template -> expected GET status per role (anonymous always goes to sign in).
GETS = {
    "/conversations/{space}/": {**MEMBERS, **OUTSIDERS},
    "/conversations/{space}/guidelines/": {**MEMBERS, **OUTSIDERS},
    "/conversations/{space}/search/?q=listen": {**MEMBERS, **OUTSIDERS},
    "/conversations/threads/{thread}/": {**MEMBERS, **OUTSIDERS},
    "/conversations/threads/{thread}/unread/": {**{k: 302 for k in MEMBERS}, **OUTSIDERS},
    "/conversations/posts/{post}/": {**{k: 302 for k in MEMBERS}, **OUTSIDERS},
    "/conversations/posts/{post}/edit/": {**OUTSIDERS, "author": 200, "cohort_member": 404,
                                          "cohort_facilitator": 404, "staff": 404},
    "/conversations/posts/{post}/remove/": {**OUTSIDERS, "author": 200, "cohort_member": 404,
                                            "cohort_facilitator": 404, "staff": 404},
    "/conversations/posts/{post}/report/": {**MEMBERS, **OUTSIDERS},
    "/conversations/posts/{post}/hide/": {**MODERATORS, **OUTSIDERS},
    "/conversations/posts/{post}/mute/": {**MODERATORS, **OUTSIDERS},
    "/conversations/threads/{thread}/move/": {**MODERATORS, **OUTSIDERS},
    "/conversations/moderation/": {**MODERATORS, "other_facilitator": 200,
                                   "other_cohort_member": 404, "open_room_only": 404},
}  # fmt: skip


@pytest.mark.parametrize("path", GETS)
def test_every_view_answers_each_kind_of_visitor(world, path):
    url = path.format(space=world["space"].pk, thread=world["thread"].pk, post=world["post"].pk)
    answers = {}
    for role in ROLES:
        answers[role] = client_for(role, world).get(url).status_code
    expected = {"anonymous": 302, **GETS[path]}
    # Facilitators and staff only see others' data after their second step.
    assert answers == expected


def test_posts_and_threads_that_do_not_exist_answer_404_like_hidden_ones(world):
    client = client_for("cohort_member", world)
    for url in ["/conversations/999999/", "/conversations/threads/999999/",
                "/conversations/posts/999999/report/"]:  # fmt: skip
        assert client.get(url).status_code == 404


def test_outsiders_cannot_post_or_act_in_a_space(world):
    thread, post = world["thread"], world["post"]
    for role in OUTSIDERS:
        client = client_for(role, world)
        for url, data in [
            (f"/conversations/threads/{thread.pk}/reply/", {"body": "In"}),
            (f"/conversations/threads/{thread.pk}/follow/", {"following": "yes"}),
            (f"/conversations/threads/{thread.pk}/lock/", {"locked": "yes"}),
            (f"/conversations/posts/{post.pk}/hide/", {"reason": "x"}),
            (f"/conversations/posts/{post.pk}/approve/", {}),
            (f"/conversations/{world['space'].pk}/guidelines/", {}),
        ]:
            assert client.post(url, data).status_code == 404, (role, url)
    assert Post.objects.count() == 1
    assert not thread.follows.exclude(person=world["people"]["author"]).exists()


def test_a_member_accepts_the_guidelines_then_replies(world):
    client = client_for("cohort_member", world)
    thread = world["thread"]
    response = client.get(f"/conversations/threads/{thread.pk}/reply/")
    assert response.status_code == 302 and "/guidelines/" in response["Location"]
    client.post(f"/conversations/{world['space'].pk}/guidelines/",
                {"next": f"/conversations/threads/{thread.pk}/"})  # fmt: skip
    response = client.post(f"/conversations/threads/{thread.pk}/reply/",
                           {"body": "Silence, @SamRivers."})  # fmt: skip
    assert response.status_code == 302
    assert thread.posts.get(number=2).mentions.get().person == world["people"]["author"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "Write something before posting."),
        ("   ", "Write something before posting."),
        ("x" * 50_000, "This is 50000 characters long; the most is 20000."),
    ],
)
def test_bad_bodies_get_a_clear_message_and_keep_what_was_typed(world, body, message):
    client = client_for("author", world)
    response = client.post(
        f"/conversations/{world['space'].pk}/new/", {"title": "Kept title", "body": body}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Kept title"' in response.content.decode()
    assert Post.objects.count() == 1


def test_a_mistake_gets_the_sites_error_summary_and_the_title_says_so(world):
    client = client_for("author", world)
    html = client.post(f"/conversations/{world['space'].pk}/new/", {"title": ""}).text
    assert "<title>Error: Start a thread" in html
    summary = html[html.index('<div class="error-summary"') :]
    assert '<h2 id="error-summary-title">There is a problem</h2>' in summary
    assert '<a href="#id_title">Give the thread a title.</a>' in summary
    assert 'id="id_title_error"' in html


def test_the_digest_choice_is_a_fieldset_whose_legend_asks_the_question(world):
    html = client_for("author", world).get("/conversations/settings/").text
    fieldset = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "<legend>Digest email</legend>" in fieldset
    assert 'type="radio" name="digest" value="daily"' in fieldset
    assert '<label for="id_digest_0">' in fieldset
    assert 'for=""' not in html


def test_html_and_script_are_shown_as_text(world):
    client = client_for("author", world)
    payload = "<script>alert('x')</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))"
    response = client.post(f"/conversations/threads/{world['thread'].pk}/reply/", {"body": payload})
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and 'href="javascript' not in page


def test_invalid_utf8_never_gives_a_500(world):
    client = client_for("author", world)
    response = client.post(
        f"/conversations/threads/{world['thread'].pk}/reply/",
        data=b"body=%FF%FE%C3%28hello",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 400)
    response = client.get(f"/conversations/{world['space'].pk}/search/?q=%FF%FE%C3%28")
    assert response.status_code == 200
    response = client.get(f"/conversations/{world['space'].pk}/?page=%FF")
    assert response.status_code == 200


def test_a_long_search_and_odd_pages_are_handled(world):
    client = client_for("author", world)
    space = world["space"].pk
    assert client.get(f"/conversations/{space}/search/?q={'x' * 5000}").status_code == 400
    assert client.get(f"/conversations/{space}/?page=-3").status_code == 200
    assert client.get(f"/conversations/threads/{world['thread'].pk}/?page=99999").status_code == 200


def _posts(thread, people, count):
    for n in range(count):
        services.reply(thread=thread, person=people[n % len(people)], body=f"Reply {n}")


def test_a_thread_page_costs_the_same_queries_however_long_the_thread(
    world, settings, django_assert_max_num_queries
):
    settings.CONVERSATIONS_POST_LIMITS = ()
    client = client_for("cohort_member", world)
    thread = world["thread"]
    services.accept_guidelines(space=world["space"], person=world["people"]["cohort_member"])
    people = [world["people"]["author"], world["people"]["cohort_member"]]
    _posts(thread, people, 5)
    url = f"/conversations/threads/{thread.pk}/"
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    _posts(thread, people, 70)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url + "?page=2").status_code == 200


def test_a_space_page_costs_the_same_queries_however_many_threads(
    world, settings, django_assert_max_num_queries
):
    settings.CONVERSATIONS_POST_LIMITS = ()
    client = client_for("author", world)
    space, author = world["space"], world["people"]["author"]
    url = f"/conversations/{space.pk}/"
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for n in range(40):
        services.start_thread(space=space, person=author, title=f"Thread {n}", body="Words")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url + "?page=2").status_code == 200
