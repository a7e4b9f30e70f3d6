"""The CPD pages through HTTP: who may see what, bad input, downloads, verification."""

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from irp.accounts import roles
from irp.accounts.services import erase_account
from irp.accounts.testing import make_person, sign_in, sign_in_with_two_steps
from irp.cpd import services
from irp.cpd.models import Activity, Certificate, Evidence, Export, Kind
from irp.reflections.services import write_reflection

from .factories import ActivityFactory, ReflectiveAccountFactory, attended_session
from .test_services import EXE_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return make_person(email="owner@example.org", display_name="Olive Owner")


@pytest.fixture
def owner_client(owner):
    client = Client()
    sign_in(client, owner)
    return client


def client_for(role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    if role == "other":
        sign_in(client, make_person(email="other@example.org"))
    elif role == "facilitator":
        sign_in_with_two_steps(client, make_person(email="f@example.org", role=roles.FACILITATORS))
    elif role == "staff":
        staff = make_person(email="s@example.org", role=roles.STAFF_ADMINS, is_superuser=True)
        sign_in_with_two_steps(client, staff)
    return client


@pytest.fixture
def owned(owner):
    activity = ActivityFactory(person=owner, title="Owner's workshop", reflect="Private note")
    evidence = services.attach_evidence(
        activity=activity, upload=SimpleUploadedFile("scan.pdf", PDF_BYTES)
    )
    account = ReflectiveAccountFactory(person=owner, title="Owner's account")
    session, _ = attended_session(owner)
    certificate = services.issue_certificate(person=owner, source_key=f"session:{session.pk}")
    export = services.request_export(
        person=owner, format="csv", starts_on=dt.date(2000, 1, 1), ends_on=dt.date.today()
    )
    return {
        "activity": activity,
        "evidence": evidence,
        "account": account,
        "certificate": certificate,
        "export": export,
    }


def private_paths(owned) -> list[str]:
    a, e, acc = owned["activity"], owned["evidence"], owned["account"]
    return [
        f"/cpd/activities/{a.pk}/",
        f"/cpd/activities/{a.pk}/edit/",
        f"/cpd/activities/{a.pk}/delete/",
        f"/cpd/evidence/{e.key}/",
        f"/cpd/accounts/{acc.pk}/",
        f"/cpd/accounts/{acc.pk}/edit/",
        f"/cpd/accounts/{acc.pk}/delete/",
        f"/cpd/exports/{owned['export'].key}/",
        f"/cpd/certificates/{owned['certificate'].pk}/",
    ]


def test_the_owner_reaches_each_of_their_things(owner_client, owned):
    for path in private_paths(owned):
        response = owner_client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


@pytest.mark.parametrize("role", ["other", "facilitator", "staff"])
def test_everyone_else_gets_404_for_each_of_them_staff_included(owned, role):
    client = client_for(role)
    for path in private_paths(owned):
        assert client.get(path).status_code == 404, path
    # Nor may they change or delete them.
    a, e = owned["activity"], owned["evidence"]
    assert client.post(f"/cpd/activities/{a.pk}/delete/").status_code == 404
    assert client.post(f"/cpd/evidence/{e.key}/delete/").status_code == 404
    assert client.post(f"/cpd/activities/{a.pk}/evidence/", {}).status_code == 404
    assert Activity.objects.filter(pk=a.pk).exists() and Evidence.objects.filter(pk=e.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(owned):
    client = Client()
    for path in [*private_paths(owned), "/cpd/", "/cpd/summary/", "/cpd/certificates/"]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path


def test_an_evidence_address_cannot_be_reused_by_another_account(owner_client, owned):
    evidence = owned["evidence"]
    response = owner_client.get(evidence.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    # The address is a random key, and the stored file is nowhere under MEDIA_URL.
    assert str(evidence.key) in evidence.get_absolute_url()
    assert "/media/" not in evidence.file.storage.path(evidence.file.name)
    other = client_for("other")
    assert other.get(evidence.get_absolute_url()).status_code == 404


def test_lists_show_only_ones_own_records(owner_client, owned):
    ActivityFactory(title="Someone else's course")
    page = owner_client.get("/cpd/").content.decode()
    assert "Owner&#x27;s workshop" in page and "Someone else" not in page


def test_pages_ask_the_database_a_bounded_number_of_times(
    owner_client, owner, django_assert_max_num_queries
):
    for n in range(30):
        ActivityFactory(person=owner, title=f"Course {n}")
    for path in ("/cpd/", "/cpd/summary/"):
        with django_assert_max_num_queries(14):
            assert owner_client.get(path).status_code == 200


def test_a_refused_activity_keeps_everything_typed(owner_client):
    typed = {
        "done_on": "1949-05-01",
        "title": "A long day of learning",
        "kind": "participatory",
        "hours": "-3",
        "reflect": "What happened, typed with care.",
        "learned": "Something learned.",
        "plan": "",
        "evaluate": "",
    }
    response = owner_client.post("/cpd/activities/new/", typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "from 1950" in page and "more than zero" in page
    assert "A long day of learning" in page and "What happened, typed with care." in page
    assert not Activity.objects.exists()
    for hours, message in [("abc", "as a number"), ("999", "100 hours"), ("1.3", "quarters")]:
        again = {**typed, "done_on": "2024-01-01", "hours": hours}
        page = owner_client.post("/cpd/activities/new/", again).content.decode()
        assert message in page, hours


def test_a_future_date_is_refused_with_a_sentence(owner_client):
    tomorrow = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    page = owner_client.post(
        "/cpd/activities/new/",
        {"done_on": tomorrow, "title": "t", "kind": "other", "hours": "1"},
    ).content.decode()
    assert "in the future" in page


def test_logging_an_activity_then_attaching_a_file(owner_client, owner):
    response = owner_client.post(
        "/cpd/activities/new/",
        {"done_on": "2025-02-03", "title": "Supervision", "kind": "participatory", "hours": "1.25"},
    )
    activity = Activity.objects.get(person=owner)
    assert response["Location"] == activity.get_absolute_url()
    assert activity.hours == Decimal("1.25")
    upload = SimpleUploadedFile("minutes.pdf", PDF_BYTES, content_type="application/pdf")
    response = owner_client.post(f"/cpd/activities/{activity.pk}/evidence/", {"file": upload})
    assert response.status_code == 302
    assert activity.evidence.count() == 1


def test_an_executable_named_pdf_is_refused_with_a_clear_message(owner_client, owner):
    activity = ActivityFactory(person=owner)
    upload = SimpleUploadedFile("certificate.pdf", EXE_BYTES, content_type="application/pdf")
    response = owner_client.post(f"/cpd/activities/{activity.pk}/evidence/", {"file": upload})
    assert response.status_code == 400
    assert "not one we can keep" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_reflective_account_from_a_journal_entry(owner_client, owner):
    entry = write_reflection(author=owner, body="The group surprised me today.", prompt=None)
    page = owner_client.get(f"/cpd/accounts/new/?from={entry.pk}").content.decode()
    assert "The group surprised me today." in page
    other_entry = write_reflection(
        author=make_person(email="x@example.org"), body="Not yours.", prompt=None
    )
    assert owner_client.get(f"/cpd/accounts/new/?from={other_entry.pk}").status_code == 404
    assert owner_client.get("/cpd/accounts/new/?from=abc").status_code == 404


def test_summary_with_a_bad_period_explains_and_still_shows_a_summary(owner_client):
    response = owner_client.get("/cpd/summary/?starts_on=2025-05-01&ends_on=2024-01-01")
    assert response.status_code == 400
    assert "on or after its start" in response.content.decode()
    response = owner_client.get("/cpd/summary/?starts_on=nonsense&ends_on=")
    assert response.status_code == 400


def test_choosing_a_body_shows_its_requirement(owner_client):
    from irp.cpd.models import BodyRule

    nmc = BodyRule.objects.get(code="nmc")
    owner_client.post("/cpd/body/", {"body": nmc.pk})
    page = owner_client.get("/cpd/summary/").content.decode()
    assert "Nursing and Midwifery Council (NMC) asks for 35" in page
    assert owner_client.post("/cpd/body/", {"body": "999999"}).status_code == 302


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(content)
    command = [shutil.which("pdftotext"), "-layout", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_record_is_a_valid_pdf_holding_every_activity(owner_client, owner, tmp_path):
    titles = [f"Activity number {n} on recovery" for n in range(40)]
    for n, title in enumerate(titles):
        ActivityFactory(person=owner, title=title, done_on=dt.date(2025, 1, 1) + dt.timedelta(n))
    attended_session(owner, title="A live discussion attended")
    ReflectiveAccountFactory(person=owner, title="My reflective account", reflect="In full here.")
    response = owner_client.post(
        "/cpd/exports/", {"format": "pdf", "starts_on": "2000-01-01",
                          "ends_on": dt.date.today().isoformat()},
    )  # fmt: skip
    export = Export.objects.get(person=owner)
    assert response.status_code == 302 and export.status == Export.Status.READY
    download = owner_client.get(export.get_absolute_url())
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    text = " ".join(pdf_text(content, tmp_path).split())
    for title in [*titles, "A live discussion attended", "My reflective account", "In full here."]:
        assert title in text, title
    assert "Page 1 of" in text


def test_the_csv_record_holds_every_line_and_no_formula(owner_client, owner):
    ActivityFactory(person=owner, title='=HYPERLINK("http://x")', kind=Kind.OTHER)
    attended_session(owner, title="Session attended")
    owner_client.post("/cpd/exports/", {"format": "csv", "starts_on": "2000-01-01",
                                        "ends_on": dt.date.today().isoformat()})  # fmt: skip
    export = Export.objects.get(person=owner)
    response = owner_client.get(export.get_absolute_url())
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "Session attended" in text


def test_a_large_record_is_made_in_the_background_and_emailed(
    owner_client, owner, settings, delivered, django_capture_on_commit_callbacks
):
    settings.CPD_EXPORT_IN_BACKGROUND_FROM = 3
    for _ in range(3):
        ActivityFactory(person=owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            "/cpd/exports/", {"format": "pdf", "starts_on": "2000-01-01",
                              "ends_on": dt.date.today().isoformat()},
        )  # fmt: skip
    assert response.status_code == 302
    page = owner_client.get("/cpd/exports/").content.decode()
    export = Export.objects.get(person=owner)
    assert export.status == Export.Status.READY
    assert "Download cpd-record" in page
    [message] = delivered()
    assert message.to == [owner.email] and "ready" in message.subject


def test_a_bad_export_request_explains(owner_client):
    response = owner_client.post("/cpd/exports/", {"format": "docx", "starts_on": "x"})
    assert response.status_code == 400
    assert not Export.objects.exists()


def test_certificates_are_made_on_request_and_verified_publicly(owner_client, owner):
    session, _ = attended_session(owner, title="Seeing well-being")
    page = owner_client.get("/cpd/certificates/").content.decode()
    assert "Make my certificate" in page
    owner_client.post("/cpd/certificates/", {"source": f"session:{session.pk}"})
    certificate = Certificate.objects.get(person=owner)
    response = owner_client.get(f"/cpd/certificates/{certificate.pk}/")
    assert response.content.startswith(b"%PDF-")
    public = Client().get(certificate.verify_path)
    text = public.content.decode()
    assert public.status_code == 200
    assert "This certificate stands" in text and "Seeing well-being" in text
    assert "Olive Owner" in text
    assert owner_client.post("/cpd/certificates/", {"source": "abc"}).status_code == 302


def test_a_wrong_code_is_a_plain_404(owned):
    client = Client()
    code = owned["certificate"].code
    for wrong in (code[:-1] + ("A" if code[-1] != "A" else "B"), "x", "a" * 500):
        response = client.get(f"/cpd/verify/{wrong}/")
        assert response.status_code == 404
        assert "certificate" not in response.content.decode().lower()


def test_revoked_and_erased_certificates_say_so(owned, owner, staff_member):
    certificate = owned["certificate"]
    services.revoke_certificate(certificate=certificate, reason="Issued in error.", by=staff_member)
    text = Client().get(certificate.verify_path).content.decode()
    assert "has been revoked" in text and "Issued in error." in text
    erase_account(person=owner)
    text = Client().get(certificate.verify_path).content.decode()
    assert "issued but its holder's details have been erased" in text
    assert "Olive Owner" not in text


def test_the_verify_page_is_rate_limited(owned, settings):
    settings.CPD_VERIFY_RATE_PER_MINUTE = 3
    client = Client()
    path = owned["certificate"].verify_path
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_staff_see_certificates_and_revoke_with_a_reason(staff_client, owned):
    certificate = owned["certificate"]
    assert staff_client.get("/admin/cpd_certificates/").status_code == 200
    edit = f"/admin/cpd_certificates/edit/{certificate.pk}/"
    assert staff_client.get(edit).status_code == 200
    response = staff_client.post(edit, {"revoked_reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    staff_client.post(edit, {"revoked_reason": "Attendance recorded in error."})
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Attendance recorded in error."
    assert staff_client.get("/admin/cpd_certificates/new/").status_code in (302, 403, 404)
    assert response.status_code == 200
    report = staff_client.get("/admin/reports/cpd-hours/")
    assert report.status_code == 200 and "CPD hours per month" in report.content.decode()
    assert staff_client.get("/admin/cpd_body_rules/").status_code == 200


def test_the_personal_data_download_carries_evidence_files(owner_client, owned):
    # The archive needs the person to confirm who they are again, as the page does.
    from irp.accounts.services import build_data_archive

    archive = zipfile.ZipFile(io.BytesIO(build_data_archive(person=owned["activity"].person)))
    names = archive.namelist()
    assert any(name.startswith("cpd/evidence/") and name.endswith("scan.pdf") for name in names)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_long_pdf_record_lists_every_activity_as_lines(owner, tmp_path, settings):
    from irp.cpd import documents

    titles = [f"Long record activity {n}." for n in range(documents.TABLE_UP_TO + 5)]
    Activity.objects.bulk_create(
        Activity(person=owner, done_on=dt.date(2024, 1, 1), title=t, kind=Kind.OTHER,
                 hours=Decimal("1"))
        for t in titles
    )  # fmt: skip
    content = documents.record_pdf(owner, starts_on=dt.date(2024, 1, 1), ends_on=dt.date.today())
    text = " ".join(pdf_text(content, tmp_path).split())
    assert all(title in text for title in titles)
