from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from irp.emails.models import OutgoingEmail
from irp.enquiries import services
from irp.enquiries.models import Enquiry

from .factories import EnquiryFactory, UserFactory, answerer

pytestmark = pytest.mark.django_db


def submit(**overrides):
    fields = {
        "name": "Jo",
        "email": "jo@example.org",
        "role": "counsellor",
        "hopes": "To explore.",
        "consent_text": "I agree.",
        "consent_version": "v1",
    }
    fields.update(overrides)
    return services.submit_enquiry(**fields)


def test_submit_refuses_invalid_data_and_saves_nothing():
    with pytest.raises(ValidationError):
        submit(email="nope")
    assert not Enquiry.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_suspected_spam_sends_nothing_until_marked_not_spam():
    enquiry = submit(spam_reasons=["hidden field filled in"])
    assert not OutgoingEmail.objects.exists()

    services.mark_not_spam(enquiry=enquiry, actor=answerer())
    services.mark_not_spam(enquiry=enquiry, actor=answerer())  # twice: still one email

    assert OutgoingEmail.objects.filter(to="jo@example.org").count() == 1


def test_marking_spam_and_back_never_sends_a_second_acknowledgement():
    enquiry = submit()
    staff = answerer()
    services.mark_spam(enquiry=enquiry, actor=staff)
    services.mark_not_spam(enquiry=enquiry, actor=staff)
    assert OutgoingEmail.objects.count() == 1


def test_only_people_who_answer_enquiries_can_be_assigned():
    enquiry = EnquiryFactory()
    with pytest.raises(ValidationError):
        services.assign_enquiry(enquiry=enquiry, assignee=UserFactory(), actor=answerer())


def test_reopening_a_closed_enquiry_clears_its_closed_date():
    enquiry = EnquiryFactory()
    staff = answerer()
    services.change_status(enquiry=enquiry, status="closed", actor=staff)
    enquiry = services.change_status(enquiry=enquiry, status="in_conversation", actor=staff)
    assert enquiry.closed_at is None


def test_rate_limit_counts_per_address_within_the_hour():
    cache.clear()
    for _ in range(3):
        services.check_rate_limits(client_address="1.2.3.4", email="a@example.org", limit=3)
    with pytest.raises(services.RateLimited):
        services.check_rate_limits(client_address="5.6.7.8", email="A@Example.org", limit=3)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 11, 26, 9, tzinfo=UTC), 24, datetime(2024, 11, 26, 9, tzinfo=UTC)),
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 13, datetime(2024, 12, 15, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert services.months_before(moment, months) == expected


def test_erasure_takes_only_enquiries_closed_before_the_retention_period():
    now = timezone.now()
    old = EnquiryFactory(status="closed", closed_at=now - timedelta(days=800))
    recent = EnquiryFactory(status="closed", closed_at=now - timedelta(days=300))
    open_old = EnquiryFactory()
    Enquiry.objects.filter(pk=open_old.pk).update(received_at=now - timedelta(days=900))
    OutgoingEmail.objects.create(
        to="x@example.org",
        subject="s",
        template="t",
        about_type="enquiries.enquiry",
        about_id=str(old.pk),
        next_attempt_at=now,
    )

    assert services.erase_closed_enquiries(months=24) == 1

    assert set(Enquiry.objects.values_list("pk", flat=True)) == {recent.pk, open_old.pk}
    assert not OutgoingEmail.objects.exists()
