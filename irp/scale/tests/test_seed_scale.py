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
    call_command("seed-scale", "--people", "40", stdout=out)
    assert User.objects.filter(email__endswith="@scale.example").count() == 40
    assert LiveSession.objects.filter(title__startswith="Scale ").count() == 4
    assert Place.objects.count() == 400
    assert Reflection.objects.count() == 400
    assert Enquiry.objects.count() == 20
    # Reflections are encrypted like any other, and read back.
    entry = Reflection.objects.first()
    assert entry.body not in entry.body_encrypted
    assert crypto.decrypt(entry.body_encrypted) == entry.body
    assert "40/40" in out.getvalue()  # the progress bar reaches the end

    call_command("seed-scale", "--remove", stdout=io.StringIO())
    assert list(User.objects.all()) == [someone]
    assert not Place.objects.exists() and not Reflection.objects.exists()
    assert not LiveSession.objects.exists() and not Enquiry.objects.exists()
