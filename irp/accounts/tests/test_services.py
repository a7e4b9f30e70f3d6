"""The archive and erasure, across every app in the registries."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import connection

from irp.accounts import roles, services
from irp.accounts.models import User
from irp.accounts.testing import make_person
from irp.audit.models import AuditEvent
from irp.emails import services as mail_services
from irp.emails.models import OutgoingEmail
from irp.reflections import services as reflection_services
from irp.reflections.tests.factories import PromptFactory

TEXTS = ["Seeing it freshly: the weather passes, the sky stays. 5531", "Ünïcode ✓ “and” <b>"]


def _all_rows_as_text() -> str:
    """Every row of every table, as text: what someone reading the database would see."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.mark.django_db
def test_a_new_sign_up_is_a_practitioner_and_gets_a_link(client, delivered):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-Password-7",
            "password2": "a-long-Password-7",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new@example.org")
    assert list(person.groups.values_list("name", flat=True)) == [roles.PRACTITIONERS]
    outbox = delivered()
    assert len(outbox) == 1 and "new@example.org" in outbox[0].to


@pytest.mark.django_db
def test_sign_up_with_a_known_address_does_not_say_so(client):
    make_person(email="known@example.org")
    response = client.post(
        "/accounts/signup/",
        {
            "email": "known@example.org",
            "password1": "a-long-Password-7",
            "password2": "a-long-Password-7",
        },
    )
    # Same answer as for a new address: "check your email" (the owner gets a note instead).
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


@pytest.mark.django_db
def test_archive_round_trip_holds_every_reflection_verbatim(client):
    person = make_person(email="ada@example.org", display_name="Ada")
    prompt = PromptFactory()
    for text in TEXTS:
        reflection_services.write_reflection(author=person, body=text, prompt=prompt)
    client.force_login(person)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/accounts/your-data/download/").content))
    data = json.loads(archive.read("your-data.json"))
    assert [r["body"] for r in data["reflections"]] == TEXTS
    assert all(r["prompt"] == prompt.text for r in data["reflections"])
    readable = archive.read("your-data.md").decode()
    assert all(text in readable for text in TEXTS)


@pytest.mark.django_db
def test_erasure_leaves_no_row_with_the_persons_email_name_or_text(client, people_with_history):
    person, other = people_with_history
    before = _all_rows_as_text()
    assert person.email in before and "Quill Erasable" in before  # the scan can see them
    # Mail to them in every state: the verification email sent (the people_with_history
    # fixture delivered it), one failed, one still queued, and one about them to others.
    mail_services.queue_email(
        to=[person.email], template="emails/tests/hello", context={"name": "Quill"}
    )
    failed = mail_services.queue_email(
        to=[person.email.upper()], template="emails/tests/hello", context={"name": "Quill"}
    )
    OutgoingEmail.objects.filter(pk=failed.pk).update(status=OutgoingEmail.Status.FAILED)
    send_mail("Hello", "Hello Quill", "from@example.org", [f"Quill <{person.email}>"])
    kept = mail_services.queue_email(
        to=[other.email], template="emails/tests/hello", context={"name": "Other"}
    )
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).exists()
    counts = services.erase_account(person=person)
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [kept.pk]
    assert counts["emails"] == 4
    after = _all_rows_as_text()
    for needle in (person.email, "Quill Erasable", "quill", TEXTS[0][:30], "draft words"):
        assert needle not in after, needle
    # Others are untouched; the audit keeps anonymous rows and the counts.
    assert other.email in after
    assert counts["reflections"] == 2 and counts["reflection_drafts"] == 1
    assert counts["authenticators"] == 1 and counts["email_addresses"] == 1
    erased = AuditEvent.objects.get(action="account.erased")
    assert erased.actor_label == "system" and erased.detail["removed"]["reflections"] == 2
    assert AuditEvent.objects.filter(actor_label=services.ERASED_LABEL).exists()
    assert Group.objects.filter(name=roles.PRACTITIONERS).exists()


@pytest.fixture
def people_with_history(client, db, delivered):
    # Signed up through the site, so a verification email sits in the mail log.
    client.post(
        "/accounts/signup/",
        {
            "email": "quill@example.org",
            "password1": "a-long-Password-7",
            "password2": "a-long-Password-7",
        },
    )
    delivered()
    person = User.objects.get(email="quill@example.org")
    person.display_name = "Quill Erasable"
    person.save()
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    for text in TEXTS:
        reflection_services.write_reflection(author=person, body=text)
    reflection_services.save_draft(author=person, body="draft words", place="free")
    client.force_login(person)
    client.post("/accounts/your-data/download/")  # an audit row naming them as actor
    other = make_person(email="other@example.org", display_name="Other Person")
    reflection_services.write_reflection(author=other, body="someone else's words")
    return person, other


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    make_person(email="known@example.org")
    known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "unknown@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


@pytest.mark.django_db
def test_archive_keeps_binary_files_of_a_section_byte_for_byte():
    from wagtail import hooks

    from irp.core import registry

    person = make_person(email="files@example.org")
    scan = bytes(range(256)) * 4  # every byte value, as an uploaded scan may hold

    def with_files(*, person):
        return registry.Section(
            key="files", title="Files", data={}, files={"scan.pdf": scan, "note.txt": "Zoë"}
        )

    with hooks.register_temporarily(registry.EXPORT_PERSONAL_DATA, with_files):
        archive = zipfile.ZipFile(io.BytesIO(services.build_data_archive(person=person)))
    assert archive.read("files/scan.pdf") == scan
    assert archive.read("files/note.txt").decode() == "Zoë"
