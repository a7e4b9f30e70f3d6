"""Reads of CPD records. Every read of someone's records takes the owner: nothing here
lists another person's activities, evidence, accounts or exports (404 for anyone else,
staff included). Certificates are the one public read, by their unguessable code."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from irp.live_discussions import selectors as live
from irp.programmes import selectors as programmes

from .models import (
    Activity,
    BodyRule,
    Certificate,
    Evidence,
    Export,
    Kind,
    Profile,
    ReflectiveAccount,
)

ZERO = Decimal("0")


@dataclass(frozen=True)
class Record:
    """One line of a person's CPD record, whatever it came from."""

    done_on: dt.date
    title: str
    kind: str  # a Kind value
    hours: Decimal
    source: str  # "session", "step" or "activity"
    url: str = ""
    category: str = ""
    activity: Activity | None = None

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def source_label(self) -> str:
        return {
            "session": "Live discussion attended",
            "step": "Programme step taken",
            "activity": "Logged by you",
        }[self.source]


def zone_of(person):
    """The zone a person's days are counted in: their profile's (London by default).
    A session at 23:30 in London on 31 March counts on 31 March, wherever the server is."""
    return live.zone_of(person)


def local_date(moment: dt.datetime, zone) -> dt.date:
    return moment.astimezone(zone).date()


def _in_period(day: dt.date, starts_on: dt.date | None, ends_on: dt.date | None) -> bool:
    return (starts_on is None or day >= starts_on) and (ends_on is None or day <= ends_on)


def session_records(person, starts_on=None, ends_on=None) -> list[Record]:
    """Live discussions the person attended (as their facilitator marked it), as
    participatory hours on the day the session started in the person's zone."""
    zone = zone_of(person)
    records = []
    for place in live.attended_places(person):
        session = place.session
        day = local_date(session.starts_at, zone)
        if _in_period(day, starts_on, ends_on):
            records.append(
                Record(
                    done_on=day,
                    title=session.title,
                    kind=Kind.PARTICIPATORY,
                    hours=session.cpd_hours,
                    source="session",
                    url=session.get_absolute_url(),
                )
            )
    return records


def step_records(person, starts_on=None, ends_on=None) -> list[Record]:
    """Programme steps the person took, as self-directed hours (as editors set them on
    the step), on the day taken in the person's zone."""
    zone = zone_of(person)
    records = []
    for taken in programmes.steps_taken(person):
        day = local_date(taken.taken_at, zone)
        hours = taken.step.cpd_hours
        if hours and _in_period(day, starts_on, ends_on):
            records.append(
                Record(
                    done_on=day,
                    title=f"{taken.step.title} ({taken.cohort.programme.title})",
                    kind=Kind.SELF_DIRECTED,
                    hours=hours,
                    source="step",
                    url=reverse("programmes:step", args=[taken.cohort_id, taken.step_id]),
                )
            )
    return records


def activities_of(person, starts_on=None, ends_on=None):
    """The person's own logged activities, newest first, optionally within a period."""
    activities = Activity.objects.filter(person=person)
    if starts_on:
        activities = activities.filter(done_on__gte=starts_on)
    if ends_on:
        activities = activities.filter(done_on__lte=ends_on)
    return activities


def activity_for_owner(*, person, pk: int) -> Activity:
    """The activity if `person` logged it, else 404 (no hint that it exists)."""
    return get_object_or_404(activities_of(person).prefetch_related("evidence"), pk=pk)


def evidence_for_owner(*, person, key) -> Evidence:
    """An evidence file by its random key, only for the person whose activity it is."""
    return get_object_or_404(
        Evidence.objects.select_related("activity"), key=key, activity__person=person
    )


def records_of(person, starts_on=None, ends_on=None, *, with_notes: bool = False) -> list[Record]:
    """Every line of the person's record in the period, newest first. Without notes,
    activities are read as plain rows (no model objects, no decryption): a record of
    thousands of lines is listed in milliseconds."""
    activities = activities_of(person, starts_on, ends_on)
    base = reverse("cpd:home")
    if with_notes:
        own = [
            Record(
                done_on=a.done_on,
                title=a.title,
                kind=a.kind,
                hours=a.hours,
                source="activity",
                url=f"{base}activities/{a.pk}/",
                category=a.category,
                activity=a,
            )
            for a in activities
        ]
    else:
        rows = activities.values_list("pk", "done_on", "title", "kind", "category", "hours")
        own = [
            Record(
                done_on=done_on,
                title=title,
                kind=kind,
                hours=hours,
                source="activity",
                url=f"{base}activities/{pk}/",
                category=category,
            )
            for pk, done_on, title, kind, category, hours in rows
        ]
    records = (
        own + session_records(person, starts_on, ends_on) + step_records(person, starts_on, ends_on)
    )
    return sorted(records, key=lambda r: (r.done_on, r.source, r.title), reverse=True)


def count_records(person, starts_on=None, ends_on=None) -> int:
    return (
        activities_of(person, starts_on, ends_on).count()
        + len(session_records(person, starts_on, ends_on))
        + len(step_records(person, starts_on, ends_on))
    )


def accounts_of(person, starts_on=None, ends_on=None):
    """The person's reflective accounts, newest first, optionally within a period."""
    accounts = ReflectiveAccount.objects.filter(person=person).select_related("activity")
    if starts_on:
        accounts = accounts.filter(written_on__gte=starts_on)
    if ends_on:
        accounts = accounts.filter(written_on__lte=ends_on)
    return accounts


def account_for_owner(*, person, pk: int) -> ReflectiveAccount:
    return get_object_or_404(accounts_of(person), pk=pk)


def body_rules():
    return BodyRule.objects.all()


def body_of(person) -> BodyRule | None:
    profile = Profile.objects.select_related("body").filter(person=person).first()
    return profile.body if profile else None


def default_period(rule: BodyRule | None, *, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a summary opens on: the body's cycle ending today (three years for the
    NMC), or the last year when no body or no cycle is chosen."""
    years = rule.cycle_years if rule and rule.cycle_years else 1
    try:
        start = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - years, day=28)
    return start + dt.timedelta(days=1), today


@dataclass
class Requirement:
    """One part of what a body asks for, beside what is recorded. Words, not scores."""

    label: str
    asked: Decimal | int
    recorded: Decimal | int
    unit: str

    @property
    def still_to_record(self):
        return max(self.asked - self.recorded, 0)

    @property
    def is_met(self) -> bool:
        return self.recorded >= self.asked


@dataclass
class Summary:
    starts_on: dt.date
    ends_on: dt.date
    rule: BodyRule | None
    hours_by_kind: dict = field(default_factory=dict)  # Kind value -> Decimal
    accounts: int = 0
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(self.hours_by_kind.values(), ZERO)

    @property
    def rows(self) -> list[tuple[str, Decimal]]:
        return [(kind.label, self.hours_by_kind.get(kind.value, ZERO)) for kind in Kind]


def hours_by_kind(person, starts_on, ends_on) -> dict:
    """Hours per kind in the period (both days included): logged activities summed by
    the database, sessions and steps added from their own apps."""
    totals = {kind.value: ZERO for kind in Kind}
    logged = (
        activities_of(person, starts_on, ends_on)
        .order_by()
        .values("kind")
        .annotate(hours=Sum("hours"))
    )
    for row in logged:
        totals[row["kind"]] += row["hours"] or ZERO
    for record in session_records(person, starts_on, ends_on) + step_records(
        person, starts_on, ends_on
    ):
        totals[record.kind] += record.hours
    return totals


def summary_of(person, *, starts_on: dt.date, ends_on: dt.date, rule=None) -> Summary:
    """Hours by kind and reflective accounts in the period, against `rule` where the body
    sets figures for a period of that length."""
    summary = Summary(starts_on=starts_on, ends_on=ends_on, rule=rule)
    summary.hours_by_kind = hours_by_kind(person, starts_on, ends_on)
    summary.accounts = accounts_of(person, starts_on, ends_on).count()
    if rule is not None:
        summary.requirements = requirements(rule, summary)
    return summary


def requirements(rule: BodyRule, summary: Summary) -> list[Requirement]:
    """What the body asks for in its cycle, beside what the summary holds."""
    asked = []
    if rule.hours_required is not None:
        asked.append(Requirement("Hours in total", rule.hours_required, summary.total, "hours"))
    if rule.participatory_hours_required is not None:
        participatory = summary.hours_by_kind.get(Kind.PARTICIPATORY, ZERO)
        asked.append(
            Requirement(
                "Participatory hours", rule.participatory_hours_required, participatory, "hours"
            )
        )
    if rule.reflective_accounts_required is not None:
        asked.append(
            Requirement(
                "Reflective accounts", rule.reflective_accounts_required, summary.accounts,
                "accounts",
            )
        )  # fmt: skip
    return asked


def exports_of(person):
    return Export.objects.filter(person=person)


def export_for_owner(*, person, key) -> Export:
    return get_object_or_404(exports_of(person), key=key)


def certificates_of(person):
    return Certificate.objects.filter(person=person)


def certificate_for_owner(*, person, pk: int) -> Certificate:
    return get_object_or_404(certificates_of(person), pk=pk)


@dataclass(frozen=True)
class Earned:
    """Something that gives a certificate (a live discussion attended, a programme
    completed), with its certificate once the person asked for it."""

    source_key: str  # "session:<id>" or "cohort:<id>"
    kind: str
    title: str
    held_on: dt.date
    hours: Decimal | None
    certificate: Certificate | None


def _completed_hours(person, cohort_id: int) -> Decimal:
    return sum(
        (
            t.step.cpd_hours or ZERO
            for t in programmes.steps_taken(person)
            if t.cohort_id == cohort_id
        ),
        ZERO,
    )


def earned_certificates(person) -> list[Earned]:
    """Each live discussion the person attended and each programme they completed,
    newest first, with the certificate for it where one was made."""
    zone = zone_of(person)
    certificates = {c.source_key: c for c in certificates_of(person)}
    rows = [
        Earned(
            source_key=f"session:{place.session_id}",
            kind=Certificate.Source.SESSION.label,
            title=place.session.title,
            held_on=local_date(place.session.starts_at, zone),
            hours=place.session.cpd_hours,
            certificate=certificates.get(f"session:{place.session_id}"),
        )
        for place in live.attended_places(person)
    ]
    for done in programmes.programmes_completed(person):
        cohort = done["cohort"]
        rows.append(
            Earned(
                source_key=f"cohort:{cohort.pk}",
                kind=Certificate.Source.PROGRAMME.label,
                title=cohort.programme.title,
                held_on=local_date(done["completed_at"], zone),
                hours=_completed_hours(person, cohort.pk),
                certificate=certificates.get(f"cohort:{cohort.pk}"),
            )
        )
    return sorted(rows, key=lambda row: row.held_on, reverse=True)


def certificate_stands(certificate: Certificate) -> bool:
    """Not revoked, and (for a live discussion, while its holder is on record) the
    attendance it records still holds: a corrected attendance is followed at once."""
    if certificate.is_revoked:
        return False
    if not certificate.person_id:
        return True
    kind, _, pk = certificate.source_key.partition(":")
    if kind == "session":
        return live.has_attended(person_id=certificate.person_id, session_id=int(pk))
    return True


CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this code, for the public verify page; None for any other
    (codes are URL-safe base64, so anything else, a NUL byte included, is never looked up)."""
    if not CODE_SHAPE.fullmatch(code or ""):
        return None
    return Certificate.objects.filter(code=code).only(
        "code", "person_id", "holder_name", "title", "source", "held_on", "hours",
        "facilitators", "issued_at", "revoked_at", "revoked_reason",
    ).first()  # fmt: skip


def hours_delivered_by_month(*, months: int = 12, today: dt.date | None = None) -> list[dict]:
    """For staff: per month, newest first, the CPD hours the platform delivered (live
    discussions attended) and the certificates issued. Counts only; no names."""
    today = today or timezone.localdate()
    since = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    by_month: dict = {}
    for row in live.attended_hours_by_month(since=since):
        by_month[row["month"]] = {**row, "certificates": 0}
    issued = (
        Certificate.objects.filter(issued_at__date__gte=since)
        .annotate(month=TruncMonth("issued_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    for row in issued:
        month = row["month"].date()
        by_month.setdefault(month, {"month": month, "hours": ZERO, "attendances": 0})
        by_month[month]["certificates"] = row["n"]
    return [by_month[month] for month in sorted(by_month, reverse=True)]
