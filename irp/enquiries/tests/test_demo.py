import io

import pytest
from django.core.management import call_command

from irp.enquiries.models import ContactPage, Enquiry

pytestmark = pytest.mark.django_db


def test_demo_makes_the_contact_page_once(client):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    call_command("demo", no_serve=True, stdout=io.StringIO())

    page = ContactPage.objects.get()
    assert page.url == "/contact/"
    assert page.show_in_menus
    assert Enquiry.objects.count() == 2
    assert client.get("/contact/").status_code == 200
