"""Live discussions in a person's data archive and in the erasure of their account."""

import io
import json
import zipfile

import pytest

from irp.accounts.services import build_data_archive, erase_account
from irp.live_discussions.models import Place

from .factories import JOIN_LINK, LiveSessionFactory, PersonFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def test_the_archive_lists_every_place_without_the_join_link():
    place = PlaceFactory(session=LiveSessionFactory(title="Seeing well-being"))
    archive = zipfile.ZipFile(io.BytesIO(build_data_archive(person=place.person)))
    names = archive.namelist()
    data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    readable = archive.read(next(n for n in names if n.endswith(".md"))).decode()
    assert [item["session"] for item in data["live_discussions"]] == ["Seeing well-being"]
    assert "Seeing well-being" in readable
    assert JOIN_LINK not in json.dumps(data) + readable


def test_erasing_an_account_gives_its_seat_to_the_first_person_waiting():
    session = LiveSessionFactory(capacity=1)
    leaving = PlaceFactory(session=session).person
    waiting = PlaceFactory(session=session, status="waiting", queue_number=1)
    erase_account(person=leaving)
    waiting.refresh_from_db()
    assert waiting.status == Place.Status.CONFIRMED
    assert not Place.objects.filter(person_id=leaving.pk).exists()


def test_erasing_a_facilitator_leaves_the_session_in_place():
    facilitator = PersonFactory()
    session = LiveSessionFactory(facilitators=[facilitator])
    erase_account(person=facilitator)
    assert list(session.facilitators.all()) == []
