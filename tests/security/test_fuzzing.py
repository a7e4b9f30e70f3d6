"""Hypothesis over every form of the site, through the Django test client: whatever
anyone types, no answer is a server error, and nothing typed reaches an email header.
The exports (enquiry inbox CSV and XLSX, a session's people.csv) never hand a
spreadsheet a formula, whatever the names and answers held.

Each example runs in a savepoint that is rolled back, so examples do not pile up rows,
and the cache is emptied so rate limits never stop the fuzzing early.
"""

import csv
import io
import os
from urllib.parse import quote

import openpyxl
import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irp.accounts import roles
from irp.accounts.models import Profession
from irp.accounts.testing import make_person, sign_in
from irp.emails.models import OutgoingEmail
from irp.emails.stored import from_stored
from irp.enquiries.models import Enquiry
from irp.enquiries.tests.factories import EnquiryFactory, form_data, make_contact_page
from irp.live_discussions import services as live_services
from irp.live_discussions.tests.factories import LiveSessionFactory, PlaceFactory
from irp.reflections.tests.factories import PromptFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    # IRP_FUZZ_EXAMPLES lowers it while working on a test; the suite runs 200.
    max_examples=int(os.environ.get("IRP_FUZZ_EXAMPLES", 200)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# What spreadsheets treat as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NASTY = [
    "",
    " ",
    '=HYPERLINK("https://evil.example")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "Subject\r\nBcc: everyone@evil.example",
    "line\nbreak",
    "\x00",
    "<script>alert(1)</script>",
    "'; DROP TABLE accounts_user; --",
    "\u202eevil",
    "Zoë 😀",
    "x" * 5000,
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=200),
    st.builds(str.__add__, st.sampled_from(NASTY), st.text(max_size=40)),
)
emails = st.one_of(st.emails(), text)


def email_header_values(message) -> list[str]:
    values = [message.subject, message.from_email, *message.to, *message.cc, *message.bcc]
    return [*values, *message.reply_to, *map(str, message.extra_headers.values())]


def assert_no_line_breaks_in_mail_headers():
    """Every email handed over (mail.outbox) or queued (our queue's rows) keeps line
    breaks out of its headers, and Django agrees to build it."""
    queued = OutgoingEmail.objects.exclude(content=None).values_list("content", flat=True)
    for message in [*mail.outbox, *(from_stored(content) for content in queued)]:
        for value in email_header_values(message):
            assert "\r" not in value and "\n" not in value, repr(value)
        message.message()  # BadHeaderError if a header still held a line break


def submit(client, method: str, url: str, data=None):
    """One example: POST (or GET) in a rolled-back savepoint, checked before rollback."""
    mail.outbox.clear()
    cache.clear()
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        assert response.status_code < 500, (url, data)
        assert_no_line_breaks_in_mail_headers()
        transaction.set_rollback(True)
    return response


def client_for(person=None) -> Client:
    client = Client(raise_request_exception=False)
    if person is not None:
        sign_in(client, person)
    return client


@pytest.fixture
def site():
    from irp.pages.demo import load as load_pages

    load_pages(stdout=io.StringIO())
    owner = make_person(email="owner@example.org")
    facilitator = make_person(
        email="facilitator@example.org", role=roles.FACILITATORS, with_mfa=True
    )
    staff = make_person(
        email="staff@example.org", role=roles.STAFF_ADMINS, with_mfa=True, is_superuser=True
    )
    session = LiveSessionFactory(facilitators=[facilitator])
    place = PlaceFactory(session=session, person=owner)
    return {
        "owner": owner,
        "facilitator": facilitator,
        "staff": staff,
        "session": session,
        "place": place,
        "contact": make_contact_page(),
        "entry": ReflectionFactory(author=owner, body="Mine."),
        "prompt": PromptFactory(),
        "enquiry": EnquiryFactory(),
    }


# --- Public forms ------------------------------------------------------------------


def test_contact_form(site):
    client, url = client_for(), site["contact"].url

    @FUZZ
    @given(
        name=text,
        email=emails,
        role=st.one_of(st.sampled_from(Profession.values), text),
        role_other=text,
        organisation=text,
        hopes=text,
        heard_from=text,
        website=st.sampled_from(["", "http://spam.example"]),
    )
    def fuzz(**fields):
        submit(client, "post", url, form_data(**fields))

    fuzz()


def test_sign_up_sign_in_and_password_reset():
    client = client_for()

    @FUZZ
    @given(email=emails, password1=text, password2=text, password=text)
    def fuzz(email, password1, password2, password):
        submit(client, "post", "/accounts/signup/", {
            "email": email, "password1": password1, "password2": password2})  # fmt: skip
        submit(client, "post", "/accounts/login/", {"login": email, "password": password})
        submit(client, "post", "/accounts/password/reset/", {"email": email})

    fuzz()


def test_cant_come_links_with_any_token(site):
    client = client_for()

    @FUZZ
    @given(token=text.filter(lambda t: "/" not in t))
    def fuzz(token):
        url = f"/live/places/{quote(token, safe='')}/cant-come/"
        submit(client, "get", url)
        submit(client, "post", url)

    fuzz()


# --- Practitioners' forms ----------------------------------------------------------


def test_profile(site):
    client = client_for(site["owner"])

    @FUZZ
    @given(
        fields=st.fixed_dictionaries(
            {
                "display_name": text,
                "profession": text,
                "profession_other": text,
                "organisation": text,
                "country": st.one_of(st.sampled_from(["GB", "NZ", ""]), text),
                "time_zone": st.one_of(st.sampled_from(["Europe/London", "UTC"]), text),
                "wants_reminders": st.sampled_from(["on", "", "x"]),
                "wants_news": st.sampled_from(["on", "", "x"]),
            }
        )
    )
    def fuzz(fields):
        submit(client, "post", "/accounts/profile/", fields)

    fuzz()


def test_reflections_write_edit_draft_and_search(site):
    client = client_for(site["owner"])
    entry, prompt = site["entry"].pk, site["prompt"].pk

    @FUZZ
    @given(body=text, place=st.one_of(
        st.sampled_from(["new", f"entry:{entry}", f"prompt:{prompt}", "entry:999999"]), text),
        q=text)  # fmt: skip
    def fuzz(body, place, q):
        submit(client, "post", "/reflect/write/", {"body": body})
        submit(client, "post", f"/reflect/prompts/{prompt}/", {"body": body})
        submit(client, "post", f"/reflect/entries/{entry}/edit/", {"body": body})
        submit(client, "post", "/reflect/draft/", {"place": place, "body": body})
        submit(client, "post", "/reflect/search/", {"q": q})
        submit(client, "get", "/reflect/search/", {"q": q})

    fuzz()


def test_live_discussion_register_and_reminders(site):
    client = client_for(site["owner"])
    session = site["session"].pk

    @FUZZ
    @given(wants=st.one_of(st.sampled_from(["on", ""]), text))
    def fuzz(wants):
        submit(client, "post", f"/live/{session}/reminders/", {"wants_reminders": wants})
        submit(client, "post", f"/live/{session}/register/", {"wants_reminders": wants})

    fuzz()


# --- Facilitators' and staff forms -------------------------------------------------


def test_facilitator_message_to_everyone_registered(site):
    client = client_for(site["facilitator"])
    url = f"/live/facilitate/{site['session'].pk}/message/"

    @FUZZ
    @given(subject=text, body=text)
    def fuzz(subject, body):
        submit(client, "post", url, {"subject": subject, "body": body})

    fuzz()


def test_enquiry_inbox_note_status_and_assignment(site):
    client = client_for(site["staff"])
    pk = site["enquiry"].pk

    @FUZZ
    @given(
        note=text,
        status=st.one_of(st.sampled_from(Enquiry.Status.values), text),
        assignee=st.one_of(st.just(str(site["staff"].pk)), text),
    )
    def fuzz(note, status, assignee):
        submit(client, "post", f"/admin/enquiries/{pk}/note/", {"text": note})
        submit(client, "post", f"/admin/enquiries/{pk}/status/", {"status": status})
        submit(client, "post", f"/admin/enquiries/{pk}/assign/", {"assignee": assignee})

    fuzz()


# --- Exports -----------------------------------------------------------------------


def _max_length(field: str) -> int:
    return Enquiry._meta.get_field(field).max_length or 10_000


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_formula_cells(rows):
    for row in rows:
        for cell in row:
            assert not str(cell).startswith(FORMULA_STARTS), repr(cell)


def test_enquiry_inbox_exports_never_hold_a_formula(site):
    client = client_for(site["staff"])

    @FUZZ
    @given(name=text, organisation=text, hopes=text, heard_from=text, email=text)
    def fuzz(**fields):
        with transaction.atomic():
            Enquiry.objects.all().delete()
            # Whatever the form let through: no NUL, nothing longer than the column.
            EnquiryFactory(
                **{k: v.replace("\x00", "")[: _max_length(k)] for k, v in fields.items()}
            )
            response = client.get("/admin/enquiries/?export=csv")
            assert response.status_code == 200
            text = _body(response).decode("utf-8-sig")
            assert_no_formula_cells(csv.reader(io.StringIO(text, newline="")))
            response = client.get("/admin/enquiries/?export=xlsx")
            assert response.status_code == 200
            book = openpyxl.load_workbook(io.BytesIO(_body(response)))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        # Typed as text: a spreadsheet never evaluates it.
                        assert cell.data_type != "f", repr(cell.value)
            transaction.set_rollback(True)

    fuzz()


def test_people_csv_never_holds_a_formula(site):
    client = client_for(site["facilitator"])
    session = site["session"]
    url = f"/live/facilitate/{session.pk}/people.csv"

    @FUZZ
    @given(display_name=text)
    def fuzz(display_name):
        with transaction.atomic():
            person = make_person(email="someone@example.org",
                                 display_name=display_name.replace("\x00", "")[:150])  # fmt: skip
            live_services.register_for_session(session=session, person=person)
            response = client.get(url)
            assert response.status_code == 200
            assert_no_formula_cells(csv.reader(io.StringIO(response.content.decode(), newline="")))
            transaction.set_rollback(True)

    fuzz()


# --- Programmes --------------------------------------------------------------------


@pytest.fixture
def cohort_site(site):
    """A cohort under way with the owner enrolled and an entry shared with the
    facilitator, and another cohort open for applications."""
    import datetime as dt

    from django.utils import timezone

    from irp.programmes import selectors as programme_selectors
    from irp.programmes import services as programme_services
    from irp.programmes.tests.factories import CohortFactory, EnrolmentFactory, make_programme
    from irp.reflections import services as reflection_services

    programme = make_programme(slug="fuzzed")
    cohort = CohortFactory(
        programme=programme,
        facilitators=[site["facilitator"]],
        starts_on=timezone.localdate() - dt.timedelta(days=3),
        status="closed",
    )
    enrolment = EnrolmentFactory(cohort=cohort, person=site["owner"])
    step = programme_selectors.steps_of(programme).first()
    entry = reflection_services.write_reflection(author=site["owner"], body="x", step_id=step.pk)
    [share] = programme_services.share_with_facilitator(enrolment=enrolment, reflection_id=entry.pk)
    return {
        "cohort": cohort,
        "open": CohortFactory(programme=programme),
        "step": step,
        "entry": entry,
        "share": share,
    }


def test_programme_application_step_and_sharing_forms(site, cohort_site):
    client = client_for(make_person(email="applicant@example.org"))
    owner = client_for(site["owner"])
    cohort, step = cohort_site["cohort"].pk, cohort_site["step"].pk
    apply = f"/programmes/apply/{cohort_site['open'].pk}/"

    @FUZZ
    @given(first=text, second=text, choice=text, reflection=text)
    def fuzz(first, second, choice, reflection):
        submit(client, "post", apply, {"answer_0": first, "answer_1": second})
        submit(owner, "post", f"/programmes/mine/{cohort}/steps/{step}/taken/", {"taken": choice})
        submit(owner, "post", f"/programmes/mine/{cohort}/emails/", {"wants": choice})
        submit(owner, "post", f"/programmes/mine/{cohort}/steps/{step}/share/",
               {"reflection": reflection, "action": choice})  # fmt: skip
        submit(owner, "post", f"/reflect/write/?step={reflection}", {"body": first})

    fuzz()


def test_programme_facilitator_message_and_reply(site, cohort_site):
    client = client_for(site["facilitator"])
    cohort, share = cohort_site["cohort"].pk, cohort_site["share"].pk

    @FUZZ
    @given(subject=text, body=text)
    def fuzz(subject, body):
        submit(client, "post", f"/programmes/cohorts/{cohort}/message/",
               {"subject": subject, "body": body})  # fmt: skip
        submit(client, "post", f"/programmes/cohorts/{cohort}/shared/{share}/reply/",
               {"body": body})  # fmt: skip

    fuzz()


def test_programme_staff_queue_and_moves(site, cohort_site):
    client = client_for(site["staff"])

    @FUZZ
    @given(ids=st.lists(text, max_size=3), note=text, decision=text, to=text)
    def fuzz(ids, note, decision, to):
        submit(client, "post", "/admin/programmes/cohorts/applications/decide/",
               {"enrolment": ids, "note": note, "decision": decision})  # fmt: skip
        submit(client, "post", f"/admin/programmes/cohorts/invite/{site['enquiry'].pk}/",
               {"cohort": to})  # fmt: skip


def test_conversation_posts_reports_search_choices_and_moderation(site):
    from irp.conversations import services as conversation_services
    from irp.conversations.models import Space

    owner, facilitator = site["owner"], site["facilitator"]
    space = conversation_services.create_space(
        name="Fuzzed circle", kind=Space.Kind.INVITATION, invited=[owner],
        facilitators=[facilitator],
    )  # fmt: skip
    conversation_services.accept_guidelines(space=space, person=owner)
    opening = conversation_services.start_thread(
        space=space, person=owner, title="A thread", body="Words."
    )
    thread, post = opening.thread_id, opening.pk
    member, guide = client_for(owner), client_for(facilitator)

    @FUZZ
    @given(title=text, body=text, reason=text, choice=text, q=text)
    def fuzz(title, body, reason, choice, q):
        base = "/conversations"
        submit(member, "post", f"{base}/{space.pk}/new/", {"title": title, "body": body})
        submit(member, "post", f"{base}/threads/{thread}/reply/", {"body": body, "quote": choice})
        submit(member, "post", f"{base}/posts/{post}/edit/", {"body": body})
        submit(member, "post", f"{base}/posts/{post}/report/", {"reason": reason})
        submit(member, "get", f"{base}/{space.pk}/search/", {"q": q})
        submit(member, "get", f"{base}/threads/{thread}/", {"page": choice})
        submit(member, "post", f"{base}/settings/", {"digest": choice, "on_erasure": choice})
        submit(member, "post", f"{base}/unsubscribe/{choice[:100] or 'x'}/", {})
        submit(guide, "post", f"{base}/posts/{post}/hide/", {"reason": reason})
        submit(guide, "post", f"{base}/posts/{post}/mute/", {"days": choice, "reason": reason})
        submit(guide, "post", f"{base}/threads/{thread}/move/", {"to_space": choice})
        submit(
            guide, "post", f"{base}/threads/{thread}/lock/", {"locked": choice, "reason": reason}
        )

    fuzz()


# --- CPD records ---------------------------------------------------------------------

dates = st.one_of(
    st.sampled_from(["2025-01-31", "1949-12-31", "9999-12-31", "31/01/2025", "0000-00-00"]),
    st.dates().map(str),
    text,
)
numbers = st.one_of(
    st.sampled_from(["1.5", "0", "-1", "100.25", "1e9", "NaN", "Infinity", "0.1"]),
    st.decimals(allow_nan=True).map(str),
    text,
)


def test_cpd_activity_and_account_forms(site):
    client = client_for(site["owner"])

    @FUZZ
    @given(
        fields=st.fixed_dictionaries(
            {"done_on": dates, "title": text, "kind": st.one_of(
                st.sampled_from(["participatory", "self_directed", "other"]), text),
             "category": text, "hours": numbers, "reflect": text, "learned": text,
             "plan": text, "evaluate": text}
        ),
        account=st.fixed_dictionaries(
            {"title": text, "written_on": dates, "activity": st.one_of(numbers, text),
             "reflect": text}
        ),
        source=st.one_of(st.sampled_from(["session:1", "cohort:1", "session:x"]), text),
    )  # fmt: skip
    def fuzz(fields, account, source):
        submit(client, "post", "/cpd/activities/new/", fields)
        submit(client, "post", "/cpd/accounts/new/", account)
        submit(client, "get", "/cpd/accounts/new/", {"from": source})
        submit(client, "post", "/cpd/certificates/", {"source": source})
        submit(client, "post", "/cpd/body/", {"body": source})

    fuzz()


def test_cpd_summary_exports_and_verify_codes(site):
    client = client_for(site["owner"])
    visitor = client_for()

    @FUZZ
    @given(starts_on=dates, ends_on=dates, format=text, code=text.filter(lambda t: "/" not in t))
    def fuzz(starts_on, ends_on, format, code):
        submit(client, "get", "/cpd/summary/", {"starts_on": starts_on, "ends_on": ends_on})
        submit(client, "post", "/cpd/exports/",
               {"starts_on": starts_on, "ends_on": ends_on, "format": format or "csv"})  # fmt: skip
        if code:
            response = submit(visitor, "get", f"/cpd/verify/{quote(code, safe='')}/")
            assert response.status_code == 404

    fuzz()


def test_cpd_csv_never_holds_a_formula(site):
    from irp.cpd import documents
    from irp.cpd.tests.factories import ActivityFactory

    owner = site["owner"]

    @FUZZ
    @given(title=text, category=text, reflect=text)
    def fuzz(title, category, reflect):
        with transaction.atomic():
            ActivityFactory(person=owner, title=title.replace("\x00", "")[:200],
                            category=category.replace("\x00", "")[:200],
                            reflect=reflect.replace("\x00", ""))  # fmt: skip
            import datetime as dt

            content = documents.record_csv(
                owner, starts_on=dt.date(1950, 1, 1), ends_on=dt.date.today()
            ).decode("utf-8-sig")
            assert_no_formula_cells(csv.reader(io.StringIO(content, newline="")))
            transaction.set_rollback(True)

    fuzz()
