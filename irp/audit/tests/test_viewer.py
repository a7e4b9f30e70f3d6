"""The audit log viewer (/admin/audit/): auditors only, filters, an audited CSV export,
nothing editable, and retention."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from irp.accounts import roles
from irp.accounts.testing import make_person, sign_in_with_two_steps
from irp.audit import services
from irp.audit.models import AuditEvent
from irp.enquiries.tests.factories import answerer

pytestmark = pytest.mark.django_db


def auditor():
    person = make_person(email="auditor@example.org", role=roles.AUDITORS)
    return person


@pytest.fixture
def log():
    staff = make_person(email="staff@example.org", role=roles.STAFF_ADMINS)
    subject = make_person(email="subject@example.org")
    other = make_person(email="other@example.org")
    services.record_event(actor=staff, action="account.viewed", subject=subject)
    services.record_event(actor=staff, action="account.mfa_reset", subject=subject)
    services.record_event(actor=staff, action="account.viewed", subject=other)
    old = services.record_event(actor=None, action="enquiry.erased", detail={"count": 2})
    AuditEvent.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - dt.timedelta(days=40))
    return {"staff": staff, "subject": subject}


def _rows(client, query=""):
    response = client.get(f"/admin/audit/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _listing(page: str) -> str:
    """The log's own table (not the filters' choices or the admin's other tables)."""
    if 'class="listing' not in page:
        return ""
    return page.split('class="listing', 1)[1].split("</table>", 1)[0]


def test_auditors_see_who_did_what_to_whose_data(client, log):
    sign_in_with_two_steps(client, auditor())
    page = _rows(client)
    assert "account.mfa_reset" in page and "subject@example.org" in page
    assert "staff@example.org" in page and "enquiry.erased" in page


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("?action=account.mfa_reset", ["account.mfa_reset"], ["other@example.org"]),
        ("?person=subject@example.org", ["account.mfa_reset"], ["other@example.org"]),
        ("?actor=system", ["enquiry.erased"], ["account.viewed"]),
        ("?actor=staff@example.org", ["account.viewed"], ["enquiry.erased"]),
        ("?person=nobody@example.org", ["Nothing recorded matches"], ["account.viewed"]),
    ],
)
def test_filters_narrow_the_log(client, log, query, present, absent):
    sign_in_with_two_steps(client, auditor())
    page = _rows(client, query)
    table = _listing(page)
    for text in present:
        assert text in page
    for text in absent:
        assert text not in table


def test_date_filter_keeps_only_those_days(client, log):
    sign_in_with_two_steps(client, auditor())
    today = timezone.localdate().isoformat()
    page = _rows(client, f"?occurred_at_from={today}&occurred_at_to={today}")
    table = _listing(page)
    assert "account.viewed" in table and "enquiry.erased" not in table


def test_the_csv_export_is_itself_recorded(client, log):
    person = auditor()
    sign_in_with_two_steps(client, person)
    response = client.get("/admin/audit/?export=csv&action=account.viewed")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When", "Who", "What"]
    assert {row[2] for row in rows[1:]} == {"account.viewed"}
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor == person
    assert exported.detail["filters"] == {"action": "account.viewed"}


@pytest.mark.parametrize("who", ["editor", "enquiries_team", "staff_admin_not_superuser"])
def test_staff_without_the_auditor_permission_are_refused(client, log, who):
    person = {
        "editor": lambda: make_person(email="e@example.org", role=roles.STAFF_EDITORS),
        "enquiries_team": answerer,
        "staff_admin_not_superuser": lambda: make_person(
            email="a@example.org", role=roles.STAFF_ADMINS
        ),
    }[who]()
    sign_in_with_two_steps(client, person)
    response = client.get("/admin/audit/")
    assert response.status_code in (302, 403)
    assert "account.mfa_reset" not in response.content.decode()
    assert client.get("/admin/audit/?export=csv").status_code in (302, 403)
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_practitioners_get_the_sign_in_or_the_refusal(client, log):
    client.force_login(make_person(email="p@example.org"))
    response = client.get("/admin/audit/")
    assert response.status_code in (302, 403)


def test_nothing_is_editable_or_deletable_from_any_admin_screen(client, log):
    sign_in_with_two_steps(client, auditor())
    event = AuditEvent.objects.first()
    for path in (
        f"/admin/audit/edit/{event.pk}/",
        f"/admin/audit/delete/{event.pk}/",
        "/admin/audit/new/",
        f"/django-admin/audit/auditevent/{event.pk}/delete/",
    ):
        assert client.post(path).status_code in (302, 403, 404)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_group_gets_admin_access_and_the_log_and_nothing_about_people():
    group = Group.objects.get(name=roles.AUDITORS)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_audit_log"} <= codenames
    assert not codenames & {"answer_enquiries", "manage_people", "see_failed_emails"}


def test_retention_purges_only_entries_older_than_the_setting(settings, log):
    settings.AUDIT_RETENTION_YEARS = 6
    now = timezone.now()
    ancient = services.record_event(actor=None, action="old.thing")
    AuditEvent.objects.filter(pk=ancient.pk).update(occurred_at=now - dt.timedelta(days=6 * 366))
    kept = services.record_event(actor=None, action="recent.thing")
    AuditEvent.objects.filter(pk=kept.pk).update(occurred_at=now - dt.timedelta(days=5 * 365))
    assert services.purge_old_events(now=now) == 1
    assert not AuditEvent.objects.filter(pk=ancient.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    settings.AUDIT_RETENTION_YEARS = 1
    assert services.purge_old_events(now=now) == 1


def test_retention_is_run_daily_by_the_worker():
    from irp.core.registry import periodic_tasks

    assert any(p.name.endswith("purge_old_audit_events") for p in periodic_tasks())


def test_the_client_address_is_recorded(client, log):
    person = auditor()
    sign_in_with_two_steps(client, person)
    client.get("/admin/audit/?export=csv", REMOTE_ADDR="203.0.113.9")
    assert AuditEvent.objects.get(action="audit.exported").ip_address == "203.0.113.9"


@pytest.mark.parametrize(
    "query",
    [
        "?actor=%00",
        "?person=" + "x" * 5000,
        "?action=not.an.action",
        "?occurred_at_from=2026-13-45&occurred_at_to=yesterday",
        "?occurred_at_from=0001-01-01",
        "?p=999999",
        "?p=-1&ordering=drop",
        "?export=xlsx&action=account.viewed",
    ],
)
def test_odd_filters_never_break_the_log(client, log, query):
    sign_in_with_two_steps(client, auditor())
    assert client.get(f"/admin/audit/{query}").status_code in (200, 404)
