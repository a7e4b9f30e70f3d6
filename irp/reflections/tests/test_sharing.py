"""One entry shown to one reader by its author's choice, and taken back at once."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404

from irp.live_discussions.tests.factories import PersonFactory
from irp.reflections import selectors, services

pytestmark = pytest.mark.django_db


def test_a_shared_entry_is_readable_by_its_reader_only_until_taken_back():
    author, reader, other = PersonFactory(), PersonFactory(), PersonFactory()
    entry = services.write_reflection(author=author, body="Shown.")
    kept = services.write_reflection(author=author, body="Kept.")
    services.share_reflection(reflection=entry, author=author, readers=[reader], context="c:1")
    assert selectors.reflection_for_reader(reader=reader, pk=entry.pk) == entry
    for who, pk in ((reader, kept.pk), (other, entry.pk), (AnonymousUser(), entry.pk)):
        with pytest.raises(Http404):
            selectors.reflection_for_reader(reader=who, pk=pk)
    with pytest.raises(Http404):
        selectors.own_reflection(author=reader, pk=entry.pk)  # never edit or delete
    assert services.stop_sharing(reflection=entry, author=author) == 1
    with pytest.raises(Http404):
        selectors.reflection_for_reader(reader=reader, pk=entry.pk)


def test_only_the_author_shares():
    author, reader = PersonFactory(), PersonFactory()
    entry = services.write_reflection(author=author, body="Mine.")
    with pytest.raises(ValidationError):
        services.share_reflection(reflection=entry, author=reader, readers=[reader], context="c")
