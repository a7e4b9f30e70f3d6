"""Sign-in, two-step, reset, sign-out and refused access each write one structured
line to the "irp.security" log: who and from where, never a secret or a reflection."""

import json
import logging
import re

import pytest

from irp.accounts import roles
from irp.accounts.testing import PASSWORD, make_person, sign_in_with_two_steps, totp_code
from irp.reflections.tests.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

REFLECTION = "Something I have never told anyone."


def events(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "irp.security"]


def test_each_security_event_writes_one_line_without_secrets(client, caplog, delivered):
    caplog.set_level(logging.INFO, logger="irp.security")
    person = make_person(email="staff@example.org", role=roles.STAFF_EDITORS, with_mfa=True)
    ReflectionFactory(author=person, body=REFLECTION)
    facilitator = make_person(email="f@example.org", role=roles.FACILITATORS)
    secrets = [PASSWORD, "a-wrong-password-9", REFLECTION]

    client.post("/accounts/login/", {"login": person.email, "password": "a-wrong-password-9"})
    client.post("/accounts/2fa/authenticate/", {})  # no pending sign-in: nothing to log
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    code = totp_code(person)
    secrets.append(code)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    client.post("/reflect/search/", {"q": "never told"})
    client.post("/accounts/logout/")
    client.post("/accounts/password/reset/", {"email": person.email})
    link = re.search(r"/accounts/password/reset/key/\S+/", delivered()[-1].body).group(0)
    secrets.append(link.rsplit("/", 2)[-2])  # the reset token
    client.force_login(facilitator)
    client.get("/live/facilitate/")
    # A practitioner who has passed two steps is still refused a facilitator's screen.
    practitioner = make_person(email="p@example.org", with_mfa=True)
    sign_in_with_two_steps(client, practitioner)
    assert client.get("/live/facilitate/").status_code == 403

    lines = events(caplog)
    names = [line["event"] for line in lines]
    assert names == [
        "sign_in.failed",
        "two_step.failed",
        "two_step.succeeded",
        "sign_in.succeeded",
        "sign_out",
        "password.reset_requested",
        "access.refused",
        "two_step.succeeded",
        "access.refused",
    ], names
    assert [line["reason"] for line in lines if line["event"] == "access.refused"] == [
        "two_step",
        "forbidden",
    ]
    for line in lines:
        assert line["email"] in (person.email, facilitator.email, practitioner.email), line
        assert line["ip"] == "127.0.0.1" and "?" not in line["path"]
        if line["event"] not in ("sign_in.failed", "password.reset_requested"):
            assert line["user_id"] in (person.pk, facilitator.pk, practitioner.pk), line
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in everything
