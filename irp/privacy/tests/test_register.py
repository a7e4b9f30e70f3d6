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
    return model.objects.filter(query) if query else model.objects.none()


def _shown(row, field) -> str | None:
    """How a value appears in the archive, or None when it cannot be told apart."""
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
    return person


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
    checked = 0
    for entry, model, field in _register_of(exported=True):
        rows = list(_rows_of(model, someone))
        assert rows, f"{entry.field}: the test made no row for it; add one to the fixture"
        for row in rows:
            shown = _shown(row, field)
            if shown is None:
                assert f'"{field.name}"' in text, f"{entry.field} is not in the archive"
                continue
            checked += 1
            assert shown in text, f"{entry.field} ({shown!r}) is not in the archive"
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
    assert before["live_discussions.place.person"] == 1
