"""Whatever is posted to the contact form: never a server error, never a partial save."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irp.accounts.models import Profession
from irp.emails.models import OutgoingEmail
from irp.enquiries.models import Enquiry, EnquiryEvent

from .factories import form_data

pytestmark = pytest.mark.django_db

FIELDS = ["name", "email", "role", "role_other", "organisation", "hopes", "heard_from", "consent"]
anything = st.one_of(
    st.none(),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=6000),
    st.sampled_from(["", "on", "other", Profession.COUNSELLOR, "a@b.c", "=1+1", "\x00", " " * 50]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, anything)))
def test_arbitrary_values_never_break_the_form_or_half_save(client, contact_page, values):
    cache.clear()
    before = (Enquiry.objects.count(), EnquiryEvent.objects.count(), OutgoingEmail.objects.count())
    data = form_data(**{key: value for key, value in values.items()})
    data = {key: value for key, value in data.items() if value is not None}

    response = client.post("/contact/", data)

    assert response.status_code in (200, 302)
    enquiries, events, emails = (
        Enquiry.objects.count() - before[0],
        EnquiryEvent.objects.count() - before[1],
        OutgoingEmail.objects.count() - before[2],
    )
    if response.status_code == 302:
        assert (enquiries, events) == (1, 1)
        saved = Enquiry.objects.latest("id")
        assert emails == (0 if saved.is_suspected_spam else 1)
    else:
        assert (enquiries, events, emails) == (0, 0, 0)


def test_bytes_that_are_not_utf8_give_an_error_page_not_a_crash(client, contact_page):
    response = client.post(
        "/contact/",
        data=b"name=%FF%FE&email=%C0%80@x.org&consent=on&hopes=%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
