"""Email texts staff edit in the admin: every email is declared, defaults pass their
own checks, bad placeholders and broken templates are refused on save, the texts
reach what is sent (ours and allauth's), reset, test sends, and who may edit."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.core.registry import declared_emails
from irp.emails import services
from irp.emails.models import EmailText, OutgoingEmail
from irp.emails.texts import Texts, check_texts, default_texts
from irp.enquiries.tests.factories import answerer

ACK = "enquiries/emails/acknowledgement"


def _templates_in_the_code() -> set[str]:
    """Every email template of our apps (`<app>/templates/**/emails/<name>_subject.txt`)
    and every allauth email this site can send."""
    names = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("irp."):
            continue
        for subject in Path(config.path, "templates").glob("**/emails/*_subject.txt"):
            name = str(subject.relative_to(Path(config.path, "templates")))[: -len("_subject.txt")]
            if not name.startswith("emails/tests/"):
                names.add(name)
    allauth = Path(apps.get_app_config("account").path).parent / "templates"
    for folder in ("account/email", "mfa/email"):
        for subject in (allauth / folder).glob("*_subject.txt"):
            names.add(f"{folder}/{subject.name[: -len('_subject.txt')]}")
    return names


def test_every_email_in_the_code_is_declared():
    missing = _templates_in_the_code() - set(declared_emails())
    assert not missing, f"Declare these emails (registry.EMAILS) so staff can edit them: {missing}"


def test_the_scan_finds_our_own_emails():
    # A scan that found nothing would prove nothing.
    found = _templates_in_the_code()
    assert ACK in found and "account/email/password_reset_key" in found
    assert len(found) >= 25


@pytest.mark.parametrize("name", sorted(declared_emails()))
def test_every_default_text_passes_its_own_checks(name):
    email = declared_emails()[name]
    check_texts(default_texts(email), email=email)


def _ack_texts(**parts) -> Texts:
    defaults = vars(default_texts(declared_emails()[ACK]))
    return Texts(**{**defaults, **parts})


@pytest.mark.parametrize(
    ("part", "source", "says"),
    [
        ("subject", "Thanks {{ enquiry.hopes }}", "Unknown placeholder: {{ enquiry.hopes }}"),
        ("text", "Dear {{ enquiry.name }},", "Unknown placeholder: {{ enquiry.name }}"),
        ("text", "{{ nonsense|upper }}", "Unknown placeholder: {{ nonsense }}"),
        ("text", "{% if secret %}x{% endif %}", "{{ secret }}"),
        ("text", "{% for x in everything %}{{ x }}{% endfor %}", "{{ everything }}"),
        ("html", "{{ x|default:hidden }}", "{{ hidden }}"),
        ("text", "{% if response_time %}unclosed", "mistake in its template tags"),
        ("subject", "{{ response_time|nosuchfilter }}", "mistake in its template tags"),
        ("text", "{% load static %}", "only translations (i18n) and account"),
        ("text", "{% debug %}", "{% debug %}"),
        ("html", '{% include "base.html" %}', "cannot include another file"),
        ("subject", "   ", "cannot be empty"),
    ],
)
def test_bad_texts_are_refused_with_a_clear_message(part, source, says):
    email = declared_emails()[ACK]
    with pytest.raises(ValidationError) as refusal:
        check_texts(_ack_texts(**{part: source}), email=email)
    messages = refusal.value.message_dict[part]
    assert any(says in message for message in messages), messages


def test_loop_variables_and_declared_paths_are_accepted():
    email = declared_emails()[ACK]
    check_texts(
        _ack_texts(
            text="{% for extra in next_steps_extras %}{{ extra.context }}{% endfor %}"
            "{{ enquiry.consent_text|upper }} {{ site_url }} {% with t=response_time %}{{ t }}"
            "{% endwith %}"
        ),
        email=email,
    )


@pytest.mark.django_db
def test_staff_texts_replace_the_files_and_reset_brings_them_back():
    services.ensure_email_texts()
    row = EmailText.objects.get(template=ACK)
    assert row.uses_default
    row.subject = "We have your message {{ enquiry.consent_version }}"
    row.uses_default = False
    row.save()
    subject, _, _ = services.render_email(
        ACK,
        {"enquiry": {"consent_version": "v9", "consent_text": "ok"}, "next_steps_extras": []},
    )
    assert subject == "We have your message v9"
    staff = make_person(email="editor@example.org", role=roles.STAFF_EDITORS)
    services.reset_email_text(email_text=row, user=staff)
    subject, _, _ = services.render_email(
        ACK, {"enquiry": {"consent_version": "v9"}, "next_steps_extras": [], "wording": {}}
    )
    assert subject == "Thank you for getting in touch with Infinite Recovery"
    assert row.revisions.count() == 1


def test_ensuring_texts_twice_adds_nothing(db):
    assert services.ensure_email_texts() == len(declared_emails())
    assert services.ensure_email_texts() == 0


# --- Through the admin -----------------------------------------------------------


@pytest.fixture
def editor(client, db):
    person = make_person(email="editor@example.org", role=roles.STAFF_EDITORS)
    sign_in_with_two_steps(client, person)
    return person


def _edit_url(template):
    services.ensure_email_texts()
    return f"/admin/email-texts/edit/{EmailText.objects.get(template=template).pk}/"


def test_editors_list_every_email(client, editor):
    response = client.get("/admin/email-texts/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enquiry: thank you for getting in touch" in page
    assert "Account: reset your password" in page
    edit = client.get(_edit_url(ACK)).content.decode()
    assert "Placeholders it may use" in edit and "enquiry.consent_version" in edit
    assert "Send me a test" in edit


def test_an_unknown_placeholder_is_refused_on_save_and_nothing_typed_is_lost(client, editor):
    url = _edit_url(ACK)
    defaults = default_texts(declared_emails()[ACK])
    response = client.post(
        url,
        {"subject": "Hello {{ enquiry.hopes }}", "text": "Our new words.", "html": defaults.html},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown placeholder: {{ enquiry.hopes }}" in page
    assert "Our new words." in page
    assert EmailText.objects.get(template=ACK).uses_default


def test_a_good_edit_is_saved_with_a_revision_and_used(client, editor):
    url = _edit_url(ACK)
    defaults = default_texts(declared_emails()[ACK])
    response = client.post(
        url, {"subject": "We have your message", "text": defaults.text, "html": defaults.html}
    )
    assert response.status_code == 302
    row = EmailText.objects.get(template=ACK)
    assert not row.uses_default and row.subject == "We have your message"
    assert row.revisions.count() == 1
    assert services.render_email(ACK, declared_emails()[ACK].sample)[0] == "We have your message"


def test_reset_and_send_me_a_test_in_one_click_each(client, editor):
    url = _edit_url(ACK)
    row = EmailText.objects.get(template=ACK)
    row.subject, row.uses_default = "Edited", False
    row.save()
    response = client.post(f"/admin/email-texts/{row.pk}/send-test/")
    assert response.status_code == 302 and response["Location"] == url
    test = OutgoingEmail.objects.get(to="editor@example.org")
    assert test.subject == "[Test] Edited"
    client.post(f"/admin/email-texts/{row.pk}/reset/")
    row.refresh_from_db()
    assert row.uses_default and row.subject == default_texts(declared_emails()[ACK]).subject


def test_allauth_emails_use_staff_texts(client, db, delivered):
    services.ensure_email_texts()
    EmailText.objects.filter(template="account/email/password_reset_key").update(
        subject="Choose a new password", text="Here: {{ password_reset_url }}", uses_default=False
    )
    make_person(email="someone@example.org")
    client.post("/accounts/password/reset/", {"email": "someone@example.org"})
    sent = [m for m in delivered() if m.to == ["someone@example.org"]]
    assert len(sent) == 1
    assert sent[0].subject.endswith("Choose a new password")
    assert sent[0].body.startswith("Here: http")


@pytest.mark.parametrize("who", ["enquiries_team", "practitioner"])
def test_others_cannot_edit_email_texts(client, db, who):
    url = _edit_url(ACK)
    if who == "enquiries_team":
        sign_in_with_two_steps(client, answerer())
    else:
        client.force_login(make_person(email="p@example.org"))
    for path in ("/admin/email-texts/", url):
        response = client.get(path)
        assert response.status_code in (302, 403)
    row = EmailText.objects.get(template=ACK)
    assert client.post(f"/admin/email-texts/{row.pk}/reset/").status_code in (302, 403)
    assert client.post(f"/admin/email-texts/{row.pk}/send-test/").status_code in (302, 403)
    assert not OutgoingEmail.objects.exists()
    # Nobody adds or deletes one.
    sign_in_with_two_steps(client, make_person(email="ed@example.org", role=roles.STAFF_EDITORS))
    assert client.get("/admin/email-texts/add/").status_code in (302, 403)
    assert client.get(f"/admin/email-texts/delete/{row.pk}/").status_code in (302, 403)


# Any text a person types is either accepted or refused with a message: never an error.
TEMPLATE_BITS = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "|", ".", ":", '"', "'", "if ", "for ", "end",
     "enquiry", "consent_text", "load ", "include ", "with ", "as ", "block", " ", "\n", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEMPLATE_BITS, st.text(max_size=5)), max_size=25).map("".join))
def test_any_text_is_accepted_or_refused_with_a_message(source):
    email = declared_emails()[ACK]
    try:
        check_texts(_ack_texts(text=source), email=email)
    except ValidationError as refusal:
        assert refusal.message_dict
