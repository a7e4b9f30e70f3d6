import pytest

from irp.accounts import roles
from irp.accounts.testing import make_person


@pytest.fixture
def people(db):
    """One of each role the matrices check. Staff have an authenticator app; the
    facilitator has not (so the admin sends them to set one up)."""
    return {
        "practitioner_a": make_person(email="a@example.org", display_name="Ada Practitioner"),
        "practitioner_b": make_person(email="b@example.org", display_name="Ben Practitioner"),
        "facilitator": make_person(email="f@example.org", role=roles.FACILITATORS),
        "staff": make_person(
            email="s@example.org", role=roles.STAFF_ADMINS, with_mfa=True, is_superuser=True
        ),
    }
