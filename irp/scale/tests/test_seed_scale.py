import io

import pytest
from django.core.management import call_command

from irp.accounts.models import User
from irp.core import crypto
from irp.enquiries.models import Enquiry
from irp.live_discussions.models import LiveSession, Place
from irp.reflections.models import Reflection

pytestmark = pytest.mark.django_db


def test_seed_scale_makes_each_kind_in_proportion_and_removes_only_its_own():
    someone = User.objects.create_user(email="someone@example.org", password="a-long-password-1")
    out = io.StringIO()
    call_command("seed-scale", "--people", "200", stdout=out)
    assert User.objects.filter(email__endswith="@scale.example").count() == 200
    assert LiveSession.objects.filter(title__startswith="Scale ").count() == 20
    assert Place.objects.count() == 2000
    # Ten places each, in ten different sessions.
    assert Place.objects.values("person").distinct().count() == 200
    assert Reflection.objects.count() == 2000
    assert Enquiry.objects.count() == 100
    # Reflections are encrypted like any other, and read back.
    entry = Reflection.objects.first()
    assert entry.body not in entry.body_encrypted
    assert crypto.decrypt(entry.body_encrypted) == entry.body
    assert "200/200" in out.getvalue()  # the progress bar reaches the end

    call_command("seed-scale", "--remove", stdout=io.StringIO())
    assert list(User.objects.all()) == [someone]
    assert not Place.objects.exists() and not Reflection.objects.exists()
    assert not LiveSession.objects.exists() and not Enquiry.objects.exists()
