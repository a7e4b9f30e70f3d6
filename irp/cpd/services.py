"""Every write of CPD records and every rule about them."""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from irp.audit.services import record_event
from irp.core.registry import Section
from irp.live_discussions import selectors as live
from irp.programmes import selectors as programmes
from irp.reflections import selectors as reflections

from . import documents, exporting, files, selectors, tasks
from .models import (
    Activity,
    BodyRule,
    Certificate,
    Evidence,
    Export,
    Profile,
    ReflectiveAccount,
    date_problem,
)

logger = logging.getLogger(__name__)

ACTIVITY_FIELDS = ("done_on", "title", "kind", "category", "hours", "reflect", "learned", "plan",
                   "evaluate")  # fmt: skip
ACCOUNT_FIELDS = ("title", "written_on", "activity", "reflect", "learned", "plan", "evaluate")
# 32 random bytes: 256 bits, well past the 128 the verify page's secrecy rests on.
CODE_BYTES = 32
ERASED_HOLDER = ""


def choose_body(*, person, body: BodyRule | None) -> Profile:
    """Remember which professional body the person's summary is measured against."""
    profile, _ = Profile.objects.update_or_create(person=person, defaults={"body": body})
    return profile


def log_activity(*, person, **fields) -> Activity:
    """Log an activity the person did. Dates from 1950 to today (in their zone), hours in
    quarters up to HOURS_MAX; a ValidationError says what to change."""
    activity = Activity(person=person, **{k: v for k, v in fields.items() if k in ACTIVITY_FIELDS})
    activity.full_clean()
    activity.save()
    return activity


def edit_activity(*, activity: Activity, **fields) -> Activity:
    for name, value in fields.items():
        if name in ACTIVITY_FIELDS:
            setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    return activity


def _delete_file(field_file) -> None:
    if field_file:
        field_file.storage.delete(field_file.name)


@transaction.atomic
def delete_activity(*, activity: Activity) -> None:
    """Delete the activity and its evidence files, for good."""
    for evidence in activity.evidence.all():
        transaction.on_commit(lambda f=evidence.file: _delete_file(f))
    activity.delete()


def attach_evidence(*, activity: Activity, upload) -> Evidence:
    """Store a file as evidence of `activity`: refused when too large or when its content
    is not a document or an image, whatever its name says."""
    limit = settings.CPD_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"This file is larger than {limit // (1024 * 1024)} MB. Please attach a smaller "
            "one (a scan at a lower resolution, or the pages that matter).",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError("This file is empty.", code="empty")
    kind = files.sniff(upload)
    if kind is None:
        raise ValidationError(
            "This file is not one we can keep: its content is not a PDF, an image or an "
            f"office document, whatever its name says. We accept {files.ACCEPTED}.",
            code="file_type",
        )
    name = (upload.name or "evidence").rsplit("/", 1)[-1][:150]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    evidence = Evidence(
        activity=activity,
        original_name=f"{stem}.{kind.extension}",
        content_type=kind.content_type,
        size=upload.size,
    )
    evidence.file.save("evidence", upload, save=False)
    try:
        evidence.full_clean(exclude=["file"])
        evidence.save()
    except Exception:
        _delete_file(evidence.file)
        raise
    return evidence


def delete_evidence(*, evidence: Evidence) -> None:
    file = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: _delete_file(file))


def draft_from_reflection(*, person, reflection_id: int) -> dict:
    """Initial values for a reflective account from one of the person's own journal
    entries (404 for anyone else's). Reads only: the entry is never changed, and nothing
    links the account back to it."""
    entry = reflections.reflection_for_reader(reader=person, pk=reflection_id)
    title = entry.prompt.text if entry.prompt else "A reflection from my journal"
    return {
        "title": title[:200],
        "written_on": timezone.localdate(),
        "reflect": entry.body,
    }


def write_account(*, person, **fields) -> ReflectiveAccount:
    account = ReflectiveAccount(
        person=person, **{k: v for k, v in fields.items() if k in ACCOUNT_FIELDS}
    )
    _check_account_activity(account)
    account.full_clean()
    account.save()
    return account


def edit_account(*, account: ReflectiveAccount, **fields) -> ReflectiveAccount:
    for name, value in fields.items():
        if name in ACCOUNT_FIELDS:
            setattr(account, name, value)
    _check_account_activity(account)
    account.full_clean()
    account.save()
    return account


def _check_account_activity(account: ReflectiveAccount) -> None:
    if account.activity is not None and account.activity.person_id != account.person_id:
        raise ValidationError({"activity": "Choose one of your own activities."})


def delete_account(*, account: ReflectiveAccount) -> None:
    account.delete()


# --- Exports --------------------------------------------------------------------------


def check_period(starts_on: dt.date | None, ends_on: dt.date | None, *, person) -> None:
    errors = {}
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if problem := date_problem(day, None):
            errors[name] = problem
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The end of the period must be on or after its start."
    if errors:
        raise ValidationError(errors)


def request_export(*, person, format: str, starts_on: dt.date, ends_on: dt.date) -> Export:
    """Store an export of the person's record over the period. A small record is made at
    once; a large one is made by the worker, which emails the person when it is ready."""
    check_period(starts_on, ends_on, person=person)
    export = Export(person=person, format=format, starts_on=starts_on, ends_on=ends_on)
    export.full_clean(exclude=["file"])
    export.save()
    count = selectors.count_records(person, starts_on, ends_on)
    if count < settings.CPD_EXPORT_IN_BACKGROUND_FROM:
        exporting.make_export(export_id=export.pk, notify=False)
        export.refresh_from_db()
    else:
        transaction.on_commit(lambda: tasks.make_export.enqueue(export_id=export.pk))
    return export


# --- Certificates ---------------------------------------------------------------------


def new_certificate_code() -> str:
    """A verification code with 256 bits from the operating system's random source, as
    43 URL-safe characters: it cannot be guessed, and nothing about it runs in order."""
    return secrets.token_urlsafe(CODE_BYTES)


def _facilitator_names(person, source_key: str) -> str:
    kind, _, pk = source_key.partition(":")
    if kind == "session":
        place = live.attended_places(person).filter(session_id=int(pk)).first()
        people = place.session.facilitators.all() if place else []
    else:
        cohort = programmes.cohorts_of(person).filter(pk=int(pk)).first()
        people = cohort.facilitators.all() if cohort else []
    return ", ".join(sorted(str(f) for f in people))


def issue_certificate(*, person, source_key: str) -> Certificate:
    """The person's certificate for a live discussion they attended (as its facilitator
    marked it) or a programme they completed (`source_key` "session:<id>" or
    "cohort:<id>"), made the first time they ask; the same one every time after. Its
    facts are copied now; its code has 256 random bits."""
    earned = {row.source_key: row for row in selectors.earned_certificates(person)}
    row = earned.get(source_key)
    if row is None:
        raise ValidationError(
            "A certificate is given once a facilitator has marked you as attending a live "
            "discussion, or once you have taken every step of a programme."
        )
    if row.certificate is not None:
        return row.certificate
    session = source_key.startswith("session:")
    certificate = Certificate(
        code=new_certificate_code(),
        person=person,
        source=Certificate.Source.SESSION if session else Certificate.Source.PROGRAMME,
        source_key=source_key,
        holder_name=str(person)[:200],
        title=row.title[:300],
        held_on=row.held_on,
        hours=row.hours,
        facilitators=_facilitator_names(person, source_key)[:500],
    )
    certificate.full_clean()
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:  # the same person asked twice at once: one certificate
        return Certificate.objects.get(person=person, source_key=source_key)
    return certificate


def revoke_certificate(*, certificate: Certificate, reason: str, by) -> Certificate:
    """Staff withdraw a certificate; the verify page then says so, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revoked_reason": "Please say why it is revoked."})
    if certificate.is_revoked:
        raise ValidationError("This certificate has already been revoked.")
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:2000]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    record_event(actor=by, action="cpd.certificate_revoked", subject=certificate)
    return certificate


def verify_allowed(*, client_address: str) -> bool:
    """Count one look-up of the verify page from this address; False past the limit per
    minute (codes cannot be guessed, and this keeps anyone from trying)."""
    key = f"cpd:verify:{client_address}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=60)
        count = 1
    return count <= settings.CPD_VERIFY_RATE_PER_MINUTE


# --- Personal data --------------------------------------------------------------------


def export_for(*, person) -> Section:
    """Everything CPD holds about the person, evidence files included (as they were
    uploaded, under evidence/)."""
    body = selectors.body_of(person)
    activities = []
    attachments: dict[str, bytes] = {}
    for activity in Activity.objects.filter(person=person).prefetch_related("evidence"):
        names = []
        for evidence in activity.evidence.all():
            name = f"evidence/{evidence.key}-{evidence.original_name}"
            try:
                with evidence.file.open("rb") as handle:
                    attachments[name] = handle.read()
                names.append(name)
            except OSError:
                logger.warning("An evidence file was missing from storage (%s).", evidence.key)
        activities.append(
            {
                "date": activity.done_on.isoformat(),
                "title": activity.title,
                "type": activity.get_kind_display(),
                "category": activity.category,
                "hours": str(activity.hours),
                "what_happened": activity.reflect,
                "what_i_learned": activity.learned,
                "how_it_changes_my_practice": activity.plan,
                "how_i_will_know": activity.evaluate,
                "evidence": names,
            }
        )
    accounts = [
        {
            "title": a.title,
            "written_on": a.written_on.isoformat(),
            "what_happened": a.reflect,
            "what_i_learned": a.learned,
            "how_it_changes_my_practice": a.plan,
            "how_i_will_know": a.evaluate,
        }
        for a in ReflectiveAccount.objects.filter(person=person)
    ]
    certificates = [
        {
            "code": c.code,
            "title": c.title,
            "date": c.held_on.isoformat(),
            "hours": str(c.hours) if c.hours is not None else None,
            "revoked": c.is_revoked,
        }
        for c in Certificate.objects.filter(person=person)
    ]
    data = {
        "professional_body": body.name if body else None,
        "activities": activities,
        "reflective_accounts": accounts,
        "certificates": certificates,
    }
    lines = [f"- Professional body: {body.name if body else 'none chosen'}"]
    lines += [f"- {a['date']}: {a['title']} ({a['type']}, {a['hours']} hours)" for a in activities]
    lines += [f"- Reflective account, {a['written_on']}: {a['title']}" for a in accounts]
    lines += [f"- Certificate, {c['date']}: {c['title']}" for c in certificates]
    return Section(
        key="cpd", title="Your CPD records", data=data, markdown="\n".join(lines),
        files=attachments,
    )  # fmt: skip


def erase_for(*, person) -> dict:
    """Remove the person's activities, evidence files, accounts, exports and choice of
    body. Their certificates stay issued but lose the holder: the verify page then says
    the holder's details have been erased."""
    # Each file through its own field's storage, deleted once the rows are gone for good.
    stored = [e.file for e in Evidence.objects.filter(activity__person=person)]
    stored += [e.file for e in Export.objects.filter(person=person) if e.file]
    counts = {
        "cpd_evidence": Evidence.objects.filter(activity__person=person).delete()[0],
        "cpd_accounts": ReflectiveAccount.objects.filter(person=person).delete()[0],
        "cpd_activities": Activity.objects.filter(person=person).delete()[0],
        "cpd_exports": Export.objects.filter(person=person).delete()[0],
        "cpd_certificates_anonymised": Certificate.objects.filter(person=person).update(
            person=None, holder_name=ERASED_HOLDER
        ),
    }
    Profile.objects.filter(person=person).delete()
    transaction.on_commit(lambda: [_delete_file(file) for file in stored])
    return counts


def rotate_keys(*, batch_size: int = 500) -> dict:
    """Re-encrypt every reflective note and account with the newest key (saving a row
    encrypts afresh). Safe to run again."""
    done = {}
    for model, label in ((Activity, "cpd activities"), (ReflectiveAccount, "cpd accounts")):
        count, last_pk = 0, 0
        while True:
            with transaction.atomic():
                rows = list(
                    model.objects.select_for_update()
                    .filter(pk__gt=last_pk)
                    .order_by("pk")
                    .only("pk", "reflect", "learned", "plan", "evaluate")[:batch_size]
                )
                if not rows:
                    break
                model.objects.bulk_update(rows, ["reflect", "learned", "plan", "evaluate"])
            count += len(rows)
            last_pk = rows[-1].pk
        done[label] = count
    return done


def certificate_file(*, certificate: Certificate) -> bytes:
    return documents.certificate_pdf(certificate)
