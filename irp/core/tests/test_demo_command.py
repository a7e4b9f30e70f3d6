import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from irp.accounts.models import User


@pytest.mark.django_db
def test_demo_command_is_idempotent():
    call_command("demo", no_serve=True, stdout=io.StringIO())
    pages, users = Page.objects.count(), User.objects.count()
    output = io.StringIO()
    call_command("demo", no_serve=True, stdout=output)
    assert Page.objects.count() == pages
    assert User.objects.count() == users
    assert "staff@demo.infiniterecovery.example" in output.getvalue()
    assert "http://127.0.0.1:8000/" in output.getvalue()
