import time

import pytest

from irp.accounts.models import Profession
from irp.enquiries.forms import EnquiryForm, sign_timestamp

from .factories import form_data


def errors_for(**overrides):
    form = EnquiryForm(form_data(**overrides), consent_text="I agree.")
    assert not form.is_valid()
    return form.errors


def test_a_complete_form_is_valid_and_not_spam():
    form = EnquiryForm(form_data(), consent_text="I agree.")
    assert form.is_valid(), form.errors
    assert form.spam_reasons() == []
    assert form.cleaned_data["hopes"].startswith("I would like to explore\na model of health")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "x" * 201, "Please shorten your name to 200 characters or fewer (it is 201 now)."),
        ("hopes", "y" * 5001, "Please shorten your what you hope to explore to 5,000"),
        ("name", "Jo\x00Bloggs", "Your name contains hidden control characters"),
        ("organisation", "Acme\x1b[31m", "Your organisation contains hidden control characters"),
        ("name", "Jo\nBloggs", "Your name contains hidden control characters"),
        ("hopes", "ok\x07", "contains hidden control characters"),
        ("email", "not-an-address", "Please enter an email address in the form name@example.org."),
        ("email", "a@" + "b" * 260 + ".org", "An email address can be at most 254 characters"),
        ("email", "jo@exam\x00ple.org", "Your email address contains hidden control characters"),
        ("consent", None, "Please tick the box to agree"),
        ("name", "", "Please tell us your name."),
        ("role", "wizard", "Please choose one of the roles in the list"),
    ],
)
def test_each_problem_has_its_own_message(field, value, expected):
    errors = errors_for(**{field: value})
    assert list(errors) == [field]
    assert expected in errors[field][0]


def test_other_role_needs_saying_which():
    errors = errors_for(role=Profession.OTHER, role_other="")
    assert errors["role_other"] == ["Please tell us your role, since you chose 'Other'."]


def test_honeypot_and_speed_and_a_forged_timestamp_are_spam_signals():
    filled = EnquiryForm(form_data(website="http://spam.example"), consent_text="")
    assert filled.is_valid()
    assert filled.spam_reasons() == ["hidden field filled in"]

    quick = EnquiryForm(form_data(shown=sign_timestamp(time.time())), consent_text="")
    assert quick.is_valid()
    assert quick.spam_reasons()[0].endswith("s after the form was shown")

    forged = EnquiryForm(form_data(shown="12345"), consent_text="")
    assert forged.is_valid()
    assert forged.spam_reasons() == ["form timing missing or altered"]
