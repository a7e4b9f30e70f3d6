"""CPD in Chromium: the facilitator marks attendance, the hours appear in the
practitioner's record, they turn a journal entry into a reflective account, download
the PDF record and open their certificate's public verification page. axe checks
every CPD page on the way, empty, with errors and filled."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from irp.accounts.roles import sees_other_peoples_data
from irp.accounts.testing import sign_in_with_two_steps
from irp.live_discussions.models import Place
from irp.live_discussions.tests.factories import (
    FacilitatorFactory,
    LiveSessionFactory,
    PersonFactory,
)
from irp.reflections.services import write_reflection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_context(browser, live_server, person):
    client = Client()
    if sees_other_peoples_data(person):
        sign_in_with_two_steps(client, person)
    else:
        client.force_login(person)
    context = browser.new_context(accept_downloads=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_attended_hours_account_pdf_and_verification(
    live_server, browser, assert_accessible, tmp_path
):
    facilitator = FacilitatorFactory(display_name="Robin Facilitator")
    practitioner = PersonFactory(display_name="Alex Practitioner")
    started = timezone.now() - dt.timedelta(hours=3)
    session = LiveSessionFactory(
        title="Seeing innate well-being",
        starts_at=started,
        ends_at=started + dt.timedelta(minutes=90),
        cpd_hours=Decimal("1.5"),
        facilitators=[facilitator],
    )
    place = Place.objects.create(
        session=session, person=practitioner, status=Place.Status.CONFIRMED
    )
    write_reflection(
        author=practitioner, body="I noticed how quickly I reach for technique.", prompt=None
    )

    # The facilitator marks the practitioner as attending.
    host = signed_in_context(browser, live_server, facilitator)
    host.goto(f"{live_server.url}/live/facilitate/{session.pk}/")
    host.locator(f'input[name="attendance-{place.pk}"][value="attended"]').check()
    host.get_by_role("button", name="Save attendance").click()
    host.wait_for_load_state()
    host.context.close()

    # The hours appear in the practitioner's record.
    page = signed_in_context(browser, live_server, practitioner)
    page.goto(f"{live_server.url}/cpd/")
    row = page.get_by_role("row", name="Seeing innate well-being")
    assert "1.50" in row.inner_text() and "Participatory" in row.inner_text()
    assert_accessible(page)

    # Logging with mistakes explains, keeps what was typed, and is accessible.
    page.goto(f"{live_server.url}/cpd/activities/new/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Reading on the three principles")
    page.get_by_label("Hours").fill("-1")
    page.get_by_role("button", name="Save activity").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Title").input_value() == "Reading on the three principles"
    assert_accessible(page)
    page.get_by_label("Date").fill((timezone.localdate() - dt.timedelta(days=2)).isoformat())
    page.get_by_label("Self-directed").check()
    page.get_by_label("Hours").fill("2")
    page.get_by_role("button", name="Save activity").click()
    assert page.locator("h1").inner_text() == "Reading on the three principles"
    assert_accessible(page)

    # A reflective account from the journal entry, edited before saving.
    page.goto(f"{live_server.url}/cpd/accounts/")
    assert_accessible(page)
    page.get_by_role("link", name="Start from your entry").first.click()
    assert page.get_by_label("What happened").input_value() == (
        "I noticed how quickly I reach for technique."
    )
    assert_accessible(page)
    page.get_by_label("Title").fill("Reaching for technique")
    page.get_by_label("What I learned").fill("The person's health was there all along.")
    page.get_by_role("button", name="Save account").click()
    assert page.locator("h1").inner_text() == "Reaching for technique"
    assert_accessible(page)

    # The summary, then the PDF record.
    page.goto(f"{live_server.url}/cpd/summary/")
    assert_accessible(page)
    page.get_by_label("PDF (for printing)").check()
    page.get_by_role("button", name="Make the download").click()
    page.wait_for_url("**/cpd/exports/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download cpd-record").first.click()
    pdf = tmp_path / "record.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        command = [shutil.which("pdftotext"), str(pdf), "-"]
        text = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
        for words in ("Seeing innate well-being", "Reading on the three principles",
                      "Reaching for technique"):  # fmt: skip
            assert words in " ".join(text.split())

    # The certificate and its public verification page.
    page.goto(f"{live_server.url}/cpd/certificates/")
    assert_accessible(page)
    page.get_by_role("button", name="Make my certificate").click()
    assert_accessible(page)
    page.get_by_role("link", name="Its verification page").click()
    assert page.locator("h1").inner_text() == "Certificate check"
    assert page.get_by_text("This certificate stands.").is_visible()
    assert page.get_by_text("Alex Practitioner").is_visible()
    assert_accessible(page)
    # The verification page is public: open it with no one signed in.
    visitor = browser.new_page()
    visitor.goto(page.url)
    assert visitor.get_by_text("Seeing innate well-being").is_visible()
    assert_accessible(visitor)


def test_every_other_cpd_page_is_accessible(live_server, browser, assert_accessible, tmp_path):
    from irp.cpd.tests.factories import ActivityFactory, ReflectiveAccountFactory

    practitioner = PersonFactory()
    activity = ActivityFactory(person=practitioner, reflect="What happened.", learned="Much.")
    account = ReflectiveAccountFactory(person=practitioner, activity=activity)
    page = signed_in_context(browser, live_server, practitioner)
    for path in (
        f"/cpd/activities/{activity.pk}/edit/",
        f"/cpd/activities/{activity.pk}/delete/",
        f"/cpd/accounts/{account.pk}/",
        f"/cpd/accounts/{account.pk}/edit/",
        f"/cpd/accounts/{account.pk}/delete/",
        "/cpd/accounts/new/",
        "/cpd/exports/",
        "/cpd/certificates/",
        "/cpd/summary/?starts_on=2025-05-01&ends_on=2024-01-01",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    # A refused file: the activity page with its error.
    page.goto(f"{live_server.url}/cpd/activities/{activity.pk}/")
    fake = tmp_path / "certificate.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    page.get_by_label("Attach evidence").set_input_files(str(fake))
    page.get_by_role("button", name="Attach file").click()
    assert page.get_by_text("not one we can keep").first.is_visible()
    assert_accessible(page)
    # An export asked for with a period the wrong way round.
    page.goto(f"{live_server.url}/cpd/exports/")
    page.get_by_label("From").fill("2025-05-01")
    page.get_by_label("To").fill("2024-01-01")
    page.get_by_label("CSV (spreadsheet)").check()
    page.get_by_role("button", name="Make the download").click()
    assert page.get_by_text("on or after its start").first.is_visible()
    assert_accessible(page)
