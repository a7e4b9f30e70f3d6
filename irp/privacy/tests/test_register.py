"""The data register: every field of ours is classified, and what it says about the
export and erasure is what the archive and erasure really do."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.db import models

from irp.accounts import services as account_services
from irp.accounts.testing import make_person
from irp.audit.services import record_event
from irp.emails.services import queue_email
from irp.live_discussions.models import CalendarFeed
from irp.live_discussions.tests.factories import PlaceFactory
from irp.privacy.register import (
    CATEGORIES,
    NOT_PERSONAL,
    data_register,
    declared_but_gone,
    our_fields,
    unclassified,
)
from irp.reflections.tests.factories import ReflectionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_every_model_field_of_ours_is_classified():
    missing = unclassified()
    assert not missing, (
        "Add these fields to their app's data_register.py (irp/privacy/README.md): "
        + ", ".join(missing)
    )


def test_nothing_is_declared_that_no_longer_exists():
    assert declared_but_gone() == []


def test_the_check_sees_our_fields_and_each_is_declared_once():
    fields = our_fields()
    assert "accounts.user.email" in fields and "reflections.reflection.body_encrypted" in fields
    names = [f.field for f in data_register()]
    assert len(names) == len(set(names))
    assert {f.category for f in data_register()} <= set(CATEGORIES)


def test_personal_fields_say_why_how_long_and_on_what_basis():
    for field in data_register():
        if field.category != NOT_PERSONAL:
            assert field.purpose and field.lawful_basis and field.retention, field.field


# --- Checked against the archive and erasure ------------------------------------


def _user_links(model) -> list[models.Field]:
    from django.conf import settings

    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label == settings.AUTH_USER_MODEL
    ]


def _rows_of(model, person):
    if model._meta.label == "accounts.User":
        return model.objects.filter(pk=person.pk)
    query = models.Q()
    for link in _user_links(model):
        query |= models.Q(**{link.attname: person.pk})
    if not query:
        # Rows that belong to the person through what they hang on (evidence of an
        # activity, say).
        for parent in model._meta.concrete_fields:
            if parent.many_to_one and parent.related_model is not model:
                for link in _user_links(parent.related_model):
                    query |= models.Q(**{f"{parent.name}__{link.attname}": person.pk})
    return model.objects.filter(query) if query else model.objects.none()


def _shown(row, field) -> str | None:
    """How a value appears in the archive, or None when it cannot be told apart."""
    if isinstance(field, models.JSONField):
        value = getattr(row, field.name)
        return json.dumps(value, ensure_ascii=False) if value else None
    if field.many_to_many:
        names = [str(item) for item in getattr(row, field.name).all()]
        return names[0] if names else None
    if field.is_relation:
        related = getattr(row, field.name)
        return str(getattr(related, "text", related)) if related is not None else None
    value = getattr(row, field.name)
    if field.name.endswith("_encrypted"):
        value = getattr(row, field.name.removesuffix("_encrypted"))
    if field.choices:
        value = getattr(row, f"get_{field.name}_display")()
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()[:16]
    text = str(value or "").strip()
    return text or None


@pytest.fixture
def someone(db):
    person = make_person(email="someone@example.org", display_name="Sam Unique")
    person.organisation = "Harbour Recovery Collective"
    person.profession = "counsellor"
    person.country = "GB"
    person.save()
    ReflectionFactory(author=person, body="Written only for myself, a quiet morning.")
    PlaceFactory(person=person, attendance="attended")
    CalendarFeed.objects.create(person=person)
    staff = make_person(email="staff@example.org")
    record_event(actor=person, action="thing.viewed", subject=staff)
    record_event(actor=staff, action="account.viewed", subject=person)
    queue_email(to=[person.email], template="emails/tests/hello", context={"name": "Sam"})
    _in_programmes(person, staff)
    _in_conversations(person, staff)
    _in_cpd(person)
    return person


def _in_programmes(person, staff):
    from irp.programmes.models import (
        CohortMessage,
        SharedReflectionReply,
        StepPage,
        StepTaken,
        WeeklyEmailSent,
    )
    from irp.programmes.tests.factories import CohortFactory, EnrolmentFactory
    from irp.reflections.models import ReflectionShare

    cohort = CohortFactory(facilitators=[person])
    EnrolmentFactory(cohort=cohort, person=person, decision_note="Welcome, from the team.")
    step = StepPage.objects.descendant_of(cohort.programme).first()
    StepTaken.objects.create(
        person=person, cohort=cohort, step=step, taken_at=dt.datetime.now(dt.UTC)
    )
    WeeklyEmailSent.objects.create(cohort=cohort, person=person, opens_on=cohort.starts_on)
    # As a facilitator: a reply to a reflection someone shared with them, and a message.
    shared = ReflectionShare.objects.create(
        reflection=ReflectionFactory(author=staff), reader=person, context=f"cohort:{cohort.pk}"
    )
    SharedReflectionReply.objects.create(
        share=shared, author=person, body="Thank you for sharing this; it moved me."
    )
    CohortMessage.objects.create(
        cohort=cohort, author=person, subject="Before we meet", body="Bring one question."
    )


def _in_conversations(person, staff):
    from irp.conversations import services as conversations
    from irp.conversations.models import DigestSent, Mute, Preferences, Report, ThreadRead

    room = conversations.ensure_open_room()
    for member in (person, staff):
        conversations.accept_guidelines(space=room, person=member)
    post = conversations.start_thread(
        space=room, person=person, title="Listening without fixing", body="What I noticed today."
    )
    theirs = conversations.reply(thread=post.thread, person=staff, body="Thank you.")
    Report.objects.create(post=theirs, reporter=person, reason="This reads as advice to me.")
    Mute.objects.create(
        space=room,
        person=person,
        until=dt.datetime.now(dt.UTC) + dt.timedelta(days=3),
        reason="A pause to cool down.",
    )
    Preferences.objects.update_or_create(person=person, defaults={"digest": "daily"})
    DigestSent.objects.create(
        person=person, period="daily:2026-11-30", sent_at=dt.datetime.now(dt.UTC)
    )
    ThreadRead.objects.update_or_create(
        person=person, thread=post.thread, defaults={"last_read_number": 2}
    )


def _in_cpd(person):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from irp.cpd import services as cpd
    from irp.cpd.models import BodyRule
    from irp.cpd.tests.factories import attended_session

    cpd.choose_body(person=person, body=BodyRule.objects.first())
    activity = cpd.log_activity(
        person=person,
        done_on=dt.date(2026, 11, 2),
        title="Reading about listening",
        kind="self_directed",
        hours=2,
        reflect="I read slowly.",
        learned="Silence helps.",
        plan="Pause before answering.",
        evaluate="Clients speak longer.",
    )
    cpd.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("notes.pdf", PDF, "application/pdf")
    )
    cpd.write_account(
        person=person,
        title="A year of listening",
        written_on=dt.date(2026, 11, 20),
        reflect="What happened.",
        learned="What I learned.",
        plan="What I will change.",
        evaluate="How I will know.",
    )
    session, _ = attended_session(person)
    cpd.issue_certificate(person=person, source_key=f"session:{session.pk}")
    cpd.request_export(
        person=person, format="csv", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 11, 30)
    )


def _register_of(exported=None, erased=None):
    from django.apps import apps

    for entry in data_register():
        if entry.category == NOT_PERSONAL:
            continue
        if exported is not None and entry.exported != exported:
            continue
        if erased is not None and entry.erased != erased:
            continue
        label, name = entry.field.rsplit(".", 1)
        model = apps.get_model(label)
        yield entry, model, model._meta.get_field(name)


def test_every_field_marked_exported_is_in_the_archive(someone):
    archive = account_services.build_data_archive(person=someone)
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        text = json.dumps(json.loads(files.read("your-data.json")), ensure_ascii=False)
        kept_files = [files.read(name) for name in files.namelist()]
    checked = 0
    for entry, model, field in _register_of(exported=True):
        rows = list(_rows_of(model, someone))
        assert rows, f"{entry.field}: the test made no row for it; add one to the fixture"
        for row in rows:
            if isinstance(field, models.FileField):
                with getattr(row, field.name).open("rb") as stored:
                    assert stored.read() in kept_files, f"{entry.field} is not in the archive"
                checked += 1
                continue
            shown = _shown(row, field)
            if shown is None:
                assert f'"{field.name}"' in text, f"{entry.field} is not in the archive"
                continue
            checked += 1
            # A choice may be given as stored or as people read it.
            stored = str(getattr(row, field.attname)) if field.choices else shown
            assert shown in text or stored in text, (
                f"{entry.field} ({shown!r}) is not in the archive"
            )
    assert checked >= 10


def test_every_field_marked_erased_is_gone_after_erasure(someone):
    from django.apps import apps

    pk, email = someone.pk, someone.email
    markers = [email, "Sam Unique", "Harbour Recovery Collective"]
    before = {
        entry.field: _rows_of(model, someone).count()
        for entry, model, field in _register_of(erased=True)
    }
    account_services.erase_account(person=someone)
    for entry, model, field in _register_of(erased=True):
        if field.is_relation and field.related_model._meta.label == "accounts.User":
            assert not model.objects.filter(**{field.attname: pk}).exists(), entry.field
        elif isinstance(field, models.CharField | models.TextField | models.JSONField):
            for marker in markers:
                found = model.objects.filter(**{f"{field.name}__icontains": marker})
                assert not found.exists(), f"{entry.field} still holds {marker!r}"
    assert not apps.get_model("accounts.User").objects.filter(pk=pk).exists()
    # The check had something to look at.
    assert before["reflections.reflection.author"] == 1
    assert before["live_discussions.place.person"] == 2  # one to come, one attended
    assert before["programmes.enrolment.person"] == 1
    assert before["programmes.sharedreflectionreply.body"] == 1
    assert before["conversations.post.body"] == 1
    assert before["cpd.evidence.file"] == 1
