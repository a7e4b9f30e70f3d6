"""Writes and rules: what may be logged, what files are kept, certificate codes,
revocation, the personal-data archive and erasure, key rotation."""

import datetime as dt
import io
import itertools
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from irp.accounts.services import build_data_archive, erase_account
from irp.audit.models import AuditEvent
from irp.cpd import selectors, services
from irp.cpd.models import Activity, Certificate, Evidence, Kind, ReflectiveAccount
from irp.live_discussions.models import Place
from irp.reflections.services import write_reflection

from .factories import ActivityFactory, attended_session

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run"
ELF_BYTES = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def log(person, **fields):
    values = {
        "done_on": dt.date.today() - dt.timedelta(days=1),
        "title": "Workshop",
        "kind": Kind.PARTICIPATORY,
        "hours": Decimal("1.5"),
    }
    return services.log_activity(person=person, **{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"done_on": dt.date(1949, 12, 31)}, "done_on", "from 1950"),
        ({"done_on": dt.date.today() + dt.timedelta(days=2)}, "done_on", "in the future"),
        ({"hours": Decimal("0")}, "hours", "more than zero"),
        ({"hours": Decimal("-2")}, "hours", "more than zero"),
        ({"hours": Decimal("100.25")}, "hours", "100 hours at most"),
        ({"hours": Decimal("1.1")}, "hours", "quarters of an hour"),
        ({"kind": "guesswork"}, "kind", ""),
    ],
)
def test_logging_refuses_what_cannot_be_right_with_a_sentence(person, fields, field, words):
    with pytest.raises(ValidationError) as refusal:
        log(person, **fields)
    assert field in refusal.value.message_dict
    assert words in " ".join(refusal.value.message_dict[field])
    assert not Activity.objects.exists()


def test_logging_takes_1950_quarter_hours_and_today_in_the_persons_zone(person):
    assert log(person, done_on=dt.date(1950, 1, 1), hours=Decimal("0.25")).pk
    assert log(person, hours=Decimal("100")).pk
    person.time_zone = "Pacific/Auckland"  # already tomorrow there, often
    from irp.cpd.models import today_for

    assert log(person, done_on=today_for(person)).pk


def test_evidence_is_typed_from_its_content_not_its_name(person):
    activity = log(person)
    pdf = services.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("scan.exe", PDF_BYTES)
    )
    assert (pdf.content_type, pdf.original_name) == ("application/pdf", "scan.pdf")
    image = services.attach_evidence(activity=activity, upload=SimpleUploadedFile("x", PNG_BYTES))
    assert image.content_type == "image/png"
    doc = services.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("notes.docx", docx_bytes())
    )
    assert doc.original_name == "notes.docx"
    # Stored under a random name, not the person's.
    assert "scan" not in pdf.file.name and "notes" not in doc.file.name


@pytest.mark.parametrize(
    "content", [EXE_BYTES, ELF_BYTES, b"#!/bin/sh\nrm -rf /\n", b"<html><script>", b"PK\x03\x04"]
)
def test_an_executable_or_anything_else_named_pdf_is_refused(person, content):
    activity = log(person)
    with pytest.raises(ValidationError, match="not one we can keep"):
        services.attach_evidence(
            activity=activity, upload=SimpleUploadedFile("certificate.pdf", content)
        )
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(person, settings):
    settings.CPD_EVIDENCE_MAX_BYTES = 1024
    activity = log(person)
    with pytest.raises(ValidationError, match="larger than"):
        services.attach_evidence(
            activity=activity, upload=SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2000)
        )


def test_deleting_an_activity_deletes_its_evidence_file(person, django_capture_on_commit_callbacks):
    activity = log(person)
    evidence = services.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("a.pdf", PDF_BYTES)
    )
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_activity(activity=activity)
    assert not storage.exists(name)


def test_an_account_drafted_from_a_journal_entry_leaves_the_entry_as_it_was(person, other):
    entry = write_reflection(author=person, body="What I noticed in the group today.", prompt=None)
    before = (entry.body_encrypted, entry.updated_at)
    initial = services.draft_from_reflection(person=person, reflection_id=entry.pk)
    assert initial["reflect"] == "What I noticed in the group today."
    account = services.write_account(person=person, **{**initial, "reflect": "Edited freely."})
    entry.refresh_from_db()
    assert (entry.body_encrypted, entry.updated_at) == before
    assert account.reflect == "Edited freely."
    # Somebody else's entry is not found at all.
    from django.http import Http404

    with pytest.raises(Http404):
        services.draft_from_reflection(person=other, reflection_id=entry.pk)


def test_an_account_cannot_be_about_someone_elses_activity(person, other):
    theirs = ActivityFactory(person=other)
    with pytest.raises(ValidationError):
        services.write_account(
            person=person, title="t", written_on=dt.date.today(), reflect="r", activity=theirs
        )


def test_reflective_parts_are_encrypted_at_rest(person):
    log(person, reflect="A private thought about a client")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reflect FROM cpd_activity")
        stored = cursor.fetchone()[0]
    assert "private thought" not in stored


def test_certificate_codes_are_long_random_and_never_repeat():
    codes = [services.new_certificate_code() for _ in range(100_000)]
    assert len(set(codes)) == len(codes)
    assert all(len(code) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", code) for code in codes[:1000])
    # 43 characters of 64 symbols: 258 bits written, from 256 random ones (>= 128 asked).
    assert len(codes[0]) * 6 >= 256
    # No sequence: consecutive codes share no common prefix beyond chance.
    shared = sum(a[:4] == b[:4] for a, b in itertools.pairwise(codes))
    assert shared < 5
    # Every symbol turns up in every position, roughly evenly.
    first = {code[0] for code in codes}
    assert len(first) == 64


def test_a_certificate_is_issued_once_per_attended_session(person, other):
    session, _ = attended_session(person)
    first = services.issue_certificate(person=person, source_key=f"session:{session.pk}")
    again = services.issue_certificate(person=person, source_key=f"session:{session.pk}")
    assert first.pk == again.pk and first.hours == Decimal("1.5")
    with pytest.raises(ValidationError, match="marked"):
        services.issue_certificate(person=other, source_key=f"session:{session.pk}")


def test_a_certificate_stops_standing_when_attendance_is_corrected(person):
    session, place = attended_session(person)
    certificate = services.issue_certificate(person=person, source_key=f"session:{session.pk}")
    assert selectors.certificate_stands(certificate)
    place.attendance = Place.Attendance.DID_NOT_ATTEND
    place.save()
    assert not selectors.certificate_stands(certificate)


def test_staff_revoke_with_a_reason_and_it_is_audited(person, staff_member):
    session, _ = attended_session(person)
    certificate = services.issue_certificate(person=person, source_key=f"session:{session.pk}")
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate=certificate, reason="  ", by=staff_member)
    services.revoke_certificate(certificate=certificate, reason="Issued in error.", by=staff_member)
    certificate.refresh_from_db()
    assert certificate.is_revoked and not selectors.certificate_stands(certificate)
    assert AuditEvent.objects.filter(action="cpd.certificate_revoked").count() == 1


def test_the_archive_holds_the_record_and_the_evidence_files_as_uploaded(person):
    activity = log(person, reflect="Noticed my hurry.")
    evidence = services.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("scan.pdf", PDF_BYTES)
    )
    archive = zipfile.ZipFile(io.BytesIO(build_data_archive(person=person)))
    assert archive.read(f"cpd/evidence/{evidence.key}-scan.pdf") == PDF_BYTES
    assert "Noticed my hurry." in archive.read("your-data.json").decode()


def test_erasure_removes_everything_but_leaves_certificates_verifiable(
    person, django_capture_on_commit_callbacks
):
    activity = log(person, reflect="Mine alone.")
    evidence = services.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("scan.pdf", PDF_BYTES)
    )
    storage, name = evidence.file.storage, evidence.file.name
    ReflectiveAccount.objects.create(
        person=person, title="t", written_on=dt.date.today(), reflect="r"
    )
    session, _ = attended_session(person)
    certificate = services.issue_certificate(person=person, source_key=f"session:{session.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(person=person)
    assert not Activity.objects.exists() and not ReflectiveAccount.objects.exists()
    assert not Evidence.objects.exists() and not storage.exists(name)
    left = Certificate.objects.get(code=certificate.code)
    assert left.holder_erased and left.holder_name == ""


def test_key_rotation_re_encrypts_notes_and_accounts(person, settings):
    from cryptography.fernet import Fernet

    log(person, reflect="Before the rotation.")
    ReflectiveAccount.objects.create(
        person=person, title="t", written_on=dt.date.today(), reflect="Account text."
    )
    old = settings.REFLECTION_KEYS
    settings.REFLECTION_KEYS = [Fernet.generate_key().decode(), *old]
    assert services.rotate_keys() == {"cpd activities": 1, "cpd accounts": 1}
    settings.REFLECTION_KEYS = settings.REFLECTION_KEYS[:1]
    assert Activity.objects.get().reflect == "Before the rotation."
    assert ReflectiveAccount.objects.get().reflect == "Account text."
