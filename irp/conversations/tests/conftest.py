import pytest

from irp.accounts import roles
from irp.accounts.testing import make_person
from irp.conversations import services
from irp.conversations.models import Space


@pytest.fixture
def member(db):
    return make_person(email="sam@example.org", display_name="Sam Rivers")


@pytest.fixture
def other_member(db):
    return make_person(email="ada@example.org", display_name="Ada Okafor")


@pytest.fixture
def outsider(db):
    return make_person(email="outsider@example.org", display_name="Out Sider")


@pytest.fixture
def facilitator(db):
    return make_person(
        email="guide@example.org", display_name="Robin Guide", role=roles.FACILITATORS,
        with_mfa=True,
    )  # fmt: skip


@pytest.fixture
def room(db):
    return services.ensure_open_room()


@pytest.fixture
def circle(member, other_member, facilitator):
    """A space for invited people: two members and its facilitator."""
    return services.create_space(
        name="Thursday circle",
        kind=Space.Kind.INVITATION,
        invited=[member, other_member],
        facilitators=[facilitator],
    )


@pytest.fixture
def accepted(circle, member, other_member, facilitator):
    for person in (member, other_member, facilitator):
        services.accept_guidelines(space=circle, person=person)
    return circle


@pytest.fixture
def thread(accepted, member):
    post = services.start_thread(
        space=accepted, person=member, title="Listening first", body="What helps you listen?"
    )
    return post.thread
