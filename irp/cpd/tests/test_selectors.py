"""Hour totals and the professional bodies' rules: periods, their boundaries, zones."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from irp.cpd import selectors
from irp.cpd.models import BodyRule, Kind
from irp.live_discussions.models import Place

from .factories import ActivityFactory, ReflectiveAccountFactory, attended_session

LONDON = zoneinfo.ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def test_hours_add_up_by_kind_from_activities_and_attended_sessions(person):
    ActivityFactory(person=person, kind=Kind.SELF_DIRECTED, hours=Decimal("2.25"))
    ActivityFactory(person=person, kind=Kind.PARTICIPATORY, hours=Decimal("1"))
    ActivityFactory(person=person, kind=Kind.OTHER, hours=Decimal("0.5"))
    attended_session(person, hours="1.5")
    today = dt.date.today()
    totals = selectors.hours_by_kind(person, today - dt.timedelta(days=30), today)
    assert totals == {
        Kind.PARTICIPATORY: Decimal("2.5"),
        Kind.SELF_DIRECTED: Decimal("2.25"),
        Kind.OTHER: Decimal("0.5"),
    }


def test_other_peoples_hours_never_count(person, other):
    ActivityFactory(person=other, hours=Decimal("5"))
    attended_session(other)
    today = dt.date.today()
    summary = selectors.summary_of(person, starts_on=today.replace(year=2000), ends_on=today)
    assert summary.total == 0


def test_period_includes_both_its_first_and_last_day(person):
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    for day in (dt.date(2024, 12, 31), start, end, dt.date(2026, 1, 1)):
        ActivityFactory(person=person, done_on=day, hours=Decimal("1"))
    summary = selectors.summary_of(person, starts_on=start, ends_on=end)
    assert summary.total == Decimal("2")


def total_in(person, start, end):
    return selectors.summary_of(person, starts_on=start, ends_on=end).total


def test_a_session_counts_on_its_day_in_the_persons_zone(person):
    # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London (summer time began 30 March).
    starts = dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.UTC)
    attended_session(person, starts_at=starts, hours="2")
    march = selectors.summary_of(
        person, starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 31)
    )
    april = selectors.summary_of(
        person, starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 4, 30)
    )
    assert march.total == 0
    assert april.total == Decimal("2")
    # The same moment is still 31 March for someone in New York.
    person.time_zone = "America/New_York"
    person.save()
    march = selectors.summary_of(
        person, starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 31)
    )
    assert march.total == Decimal("2")


def test_a_corrected_attendance_is_followed_at_once(person):
    _, place = attended_session(person, hours="3")
    today = dt.date.today()
    assert selectors.hours_by_kind(person, today.replace(year=2000), today)[Kind.PARTICIPATORY] == 3
    place.attendance = Place.Attendance.DID_NOT_ATTEND
    place.save()
    assert selectors.hours_by_kind(person, today.replace(year=2000), today)[Kind.PARTICIPATORY] == 0


def test_sessions_without_cpd_hours_or_still_drafts_record_nothing(person):
    attended_session(person, hours=None)
    attended_session(person, status="draft")
    assert selectors.session_records(person) == []


def nmc():
    return BodyRule.objects.get(code="nmc")


def test_nmc_rule_is_met_with_35_hours_20_participatory_and_five_accounts(person):
    rule = nmc()
    start, end = selectors.default_period(rule, today=dt.date(2026, 6, 30))
    assert (start, end) == (dt.date(2023, 7, 1), dt.date(2026, 6, 30))
    ActivityFactory(person=person, done_on=start, kind=Kind.PARTICIPATORY, hours=Decimal("20"))
    ActivityFactory(person=person, done_on=end, kind=Kind.SELF_DIRECTED, hours=Decimal("15"))
    for _ in range(5):
        ReflectiveAccountFactory(person=person, written_on=dt.date(2025, 1, 1))
    summary = selectors.summary_of(person, starts_on=start, ends_on=end, rule=rule)
    assert [(r.label, r.is_met) for r in summary.requirements] == [
        ("Hours in total", True),
        ("Participatory hours", True),
        ("Reflective accounts", True),
    ]


def test_nmc_rule_counts_participatory_hours_apart_and_says_what_is_still_to_record(person):
    rule = nmc()
    start, end = dt.date(2023, 7, 1), dt.date(2026, 6, 30)
    ActivityFactory(person=person, done_on=start, kind=Kind.PARTICIPATORY, hours=Decimal("10"))
    ActivityFactory(person=person, done_on=end, kind=Kind.SELF_DIRECTED, hours=Decimal("30"))
    # The day before the period does not count towards it.
    ActivityFactory(
        person=person, done_on=dt.date(2023, 6, 30), kind=Kind.PARTICIPATORY, hours=Decimal("10")
    )
    summary = selectors.summary_of(person, starts_on=start, ends_on=end, rule=rule)
    total, participatory, accounts = summary.requirements
    assert total.is_met and total.recorded == 40
    assert not participatory.is_met and participatory.still_to_record == 10
    assert not accounts.is_met and accounts.still_to_record == 5


def test_a_body_without_figures_asks_for_a_continuous_record(person):
    hcpc = BodyRule.objects.get(code="hcpc")
    today = dt.date(2026, 3, 1)
    assert selectors.default_period(hcpc, today=today) == (dt.date(2024, 3, 2), today)
    summary = selectors.summary_of(person, starts_on=dt.date(2024, 3, 2), ends_on=today, rule=hcpc)
    assert summary.requirements == []


def test_staff_edited_rules_apply_at_once(person):
    rule = nmc()
    rule.hours_required = Decimal("40")
    rule.save()
    today = dt.date.today()
    ActivityFactory(person=person, hours=Decimal("35"), kind=Kind.PARTICIPATORY)
    summary = selectors.summary_of(
        person, starts_on=today.replace(year=2020), ends_on=today, rule=rule
    )
    assert summary.requirements[0].asked == 40
    assert not summary.requirements[0].is_met


def test_default_period_on_29_february():
    rule = nmc()
    assert selectors.default_period(rule, today=dt.date(2028, 2, 29)) == (
        dt.date(2025, 3, 1),
        dt.date(2028, 2, 29),
    )


def test_the_five_bodies_are_there_from_the_data_migration():
    assert set(BodyRule.objects.values_list("code", flat=True)) == {
        "nmc", "hcpc", "bacp", "ukcp", "babcp",
    }  # fmt: skip
