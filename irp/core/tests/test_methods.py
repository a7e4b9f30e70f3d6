"""Every URL answers only the methods it handles: PUT or DELETE is a 405, never a GET."""

import pytest
from django.test import Client

from irp.accounts.testing import make_person

pytestmark = pytest.mark.django_db


def csrf_client(person=None):
    """A client that checks CSRF as a browser's requests are checked, with a valid token."""
    client = Client(enforce_csrf_checks=True)
    if person is not None:
        client.force_login(person)
    client.get("/accounts/password/reset/")  # a form for anyone: sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    return client, {"HTTP_X_CSRFTOKEN": token}


@pytest.mark.parametrize("method", ["put", "delete", "patch", "options", "trace"])
@pytest.mark.parametrize("url", ["/", "/healthz", "/live/", "/reflect/", "/accounts/login/"])
def test_methods_no_view_handles_are_refused(method, url):
    client, headers = csrf_client(make_person(email="p@example.org"))
    response = getattr(client, method)(url, **headers)
    assert response.status_code == 405, (method, url)
    assert response["Allow"] == "GET, HEAD, POST"


def test_pages_answer_get_and_head_but_not_post_unless_they_have_a_form():
    client, headers = csrf_client()
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200
    response = client.post("/", {}, **headers)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_contact_page_still_takes_its_form(client):
    import io

    from irp.enquiries.models import Enquiry
    from irp.enquiries.tests.factories import form_data, make_contact_page
    from irp.pages.demo import load as load_pages

    load_pages(stdout=io.StringIO())
    make_contact_page()
    assert client.post("/contact/", form_data()).status_code == 302
    assert Enquiry.objects.count() == 1
    assert client.put("/contact/").status_code == 405


def test_healthz_answers_head_like_get(client):
    get, head = client.get("/healthz"), client.head("/healthz")
    assert (head.status_code, head["Content-Type"]) == (get.status_code, get["Content-Type"])
    assert head.status_code == 200
